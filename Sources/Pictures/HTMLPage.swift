import Rendering
/// The shell of every HTML page: one self-contained document (inline CSS and SVG; no script, no
/// font, image or style sheet fetched from anywhere), readable on screen and on paper.
enum HTMLPage {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 20px 24px 32px; max-width: 1400px; font-family: \(Palette.sans);
               color: \(Palette.ink); background: #ffffff; line-height: 1.4; font-size: 15px; }
        h1 { font-size: 1.5em; margin: 0 0 4px; }
        h2 { font-size: 1.15em; margin: 28px 0 8px; border-bottom: 1px solid #d0d0d0; padding-bottom: 3px; }
        p.meta { margin: 0 0 10px; color: \(Palette.muted); }
        code, td.mono, span.mono { font-family: \(Palette.monospace); font-size: 0.92em; }
        figure { margin: 14px 0; }
        figure svg { display: block; width: 100%; height: auto; }
        figcaption { color: \(Palette.muted); font-size: 0.9em; margin-top: 2px; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 10px 0 0; padding: 0; list-style: none; font-size: 0.92em; }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .legend svg { flex: none; }
        table { border-collapse: collapse; margin: 6px 0 10px; font-size: 0.92em; }
        th, td { border-bottom: 1px solid #dedede; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
        th { font-weight: 600; border-bottom: 1.5px solid #9a9a9a; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; padding-left: 12px; }
        .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
        .card { border: 1px solid #cfcfcf; border-radius: 6px; padding: 8px 14px; min-width: 150px; }
        .card .value { font-size: 1.45em; font-weight: 650; font-variant-numeric: tabular-nums; }
        .card .label { color: \(Palette.muted); font-size: 0.88em; }
        .card.ok { border: 2px solid \(Palette.savings); }
        .card.broken { border: 3px double \(Palette.alert); }
        .status-ok::before { content: "\\2713  "; }
        .status-broken::before { content: "\\2717  "; }
        .empty { color: \(Palette.muted); font-style: italic; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        footer { margin-top: 28px; color: \(Palette.muted); font-size: 0.85em; }
        \(Palette.chartCSS)
        @media print {
          @page { size: A4 landscape; margin: 10mm; }
          body { max-width: none; padding: 0; font-size: 10pt; }
          figure, table, .cards, .chunk { break-inside: avoid; }
          h2 { break-after: avoid; }
          details { display: block; }
          details > summary { display: none; }
        }
        """

    /// A whole document: `title` in the tab, `body` as given, the patterns defined once up front.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="lookout-scheduler">
        <title>\(MarkupText.escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">\(Palette.patternDefinitions)</svg>
        \(body)
        </body>
        </html>

        """
    }

    /// A legend item's swatch: a small inline SVG using the chart classes.
    static func swatch(_ inner: String) -> String {
        "<svg class=\"ls-chart\" width=\"28\" height=\"14\" viewBox=\"0 0 28 14\" aria-hidden=\"true\" focusable=\"false\">\(inner)</svg>"
    }
}
