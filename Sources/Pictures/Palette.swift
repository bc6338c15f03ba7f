/// Colours, patterns and the chart style sheet shared by every picture.
///
/// Colours are Okabe and Ito's palette for colour-blind readers; every meaning also has a second
/// cue that survives greyscale printing: hosted time is a dark solid bar, holidays are hatched,
/// dates outside a schedule's validity are dotted, a DST change is a dashed line with its day's
/// length written beside it, a failure is cross-hatched.
public enum Palette {
    /// Okabe-Ito blue: hosted time, stops.
    public static let hosted = "#0072B2"
    /// Okabe-Ito orange: holidays.
    public static let holiday = "#E69F00"
    /// Okabe-Ito vermillion: DST changes, failures.
    public static let alert = "#D55E00"
    /// Okabe-Ito bluish green: savings.
    public static let savings = "#009E73"
    /// Okabe-Ito sky blue: secondary marks.
    public static let sky = "#56B4E9"
    /// Text.
    public static let ink = "#1a1a1a"
    /// Secondary text.
    public static let muted = "#5a5a5a"
    /// Grid lines.
    public static let grid = "#bdbdbd"

    /// Labels that must not overlap use a monospace font, whose width `Markup.width` knows.
    public static let monospace = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace"
    /// Prose.
    public static let sans = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

    /// The patterns, referenced as `url(#ls-holiday)` and so on. An HTML page defines them once.
    public static let patternDefinitions = """
        <defs>
        <pattern id="ls-holiday" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#fff4d6"/><line x1="0" y1="0" x2="0" y2="6" stroke="\(holiday)" stroke-width="2.2"/></pattern>
        <pattern id="ls-outside" width="5" height="5" patternUnits="userSpaceOnUse">\
        <rect width="5" height="5" fill="#f2f2f2"/><circle cx="2.5" cy="2.5" r="0.9" fill="#6b6b6b"/></pattern>
        <pattern id="ls-failure" width="6" height="6" patternUnits="userSpaceOnUse">\
        <rect width="6" height="6" fill="\(alert)"/><path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.2"/></pattern>
        </defs>
        """

    /// The style sheet of the charts (inside a standalone SVG, or in the page's `<style>`).
    public static let chartCSS = """
        .ls-chart { font-family: \(sans); color: \(ink); }
        .ls-chart text { fill: \(ink); }
        .ls-chart .mono { font-family: \(monospace); }
        .ls-chart .muted { fill: \(muted); }
        .ls-chart .grid { stroke: \(grid); stroke-width: 1; }
        .ls-chart .minor { stroke: #e3e3e3; stroke-width: 1; }
        .ls-chart .bar { fill: \(hosted); }
        .ls-chart .bar-label { fill: #ffffff; }
        .ls-chart .holiday { fill: url(#ls-holiday); }
        .ls-chart .outside { fill: url(#ls-outside); }
        .ls-chart .dst-day { fill: #f6c8ad; }
        .ls-chart .holiday-day { fill: #f6dc9a; }
        .ls-chart .dst { stroke: \(alert); stroke-width: 1.6; stroke-dasharray: 4 3; }
        .ls-chart .limit { stroke: \(ink); stroke-width: 1.6; }
        .ls-chart .day-a { fill: #e9e9e9; }
        .ls-chart .day-b { fill: #f7f7f7; }
        .ls-chart .lane { fill: #ffffff; stroke: #d0d0d0; stroke-width: 1; }
        .ls-chart .zebra { fill: #fafafa; }
        .ls-chart .stop { fill: \(hosted); }
        .ls-chart .failure { fill: url(#ls-failure); }
        .ls-chart .saving { fill: \(savings); }
        .ls-chart .cumulative { fill: none; stroke: \(ink); stroke-width: 2; stroke-dasharray: 6 3; }
        .ls-chart .projected { fill: #ffffff; stroke: \(savings); stroke-width: 1.5; stroke-dasharray: 3 2; }
        .ls-chart .cumulative-projected { fill: none; stroke: \(savings); stroke-width: 2; stroke-dasharray: 2 3; }
        .ls-chart .point { fill: \(ink); }
        """
}
