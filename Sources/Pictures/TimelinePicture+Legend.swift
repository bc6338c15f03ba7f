import Foundation
import HostingSchedule
import ScheduleReport

/// The key under the picture: what each colour and line means.
extension TimelinePicture {
    struct LegendItem {
        let swatch: (inout Canvas, Double, Double) -> Void
        let text: String
    }

    var legendItems: [LegendItem] {
        [
            LegendItem(swatch: { c, x, y in c.rect(x: x, y: y, width: 26, height: 12, cls: "bar", rx: 2) },
                       text: "hosted (label: local start–end)"),
            LegendItem(swatch: { c, x, y in c.rect(x: x, y: y, width: 26, height: 12, cls: "lane") },
                       text: "stopped"),
            LegendItem(swatch: { c, x, y in c.rect(x: x, y: y, width: 26, height: 12, cls: "holiday") },
                       text: "holiday: no window opens"),
            LegendItem(swatch: { c, x, y in c.rect(x: x, y: y, width: 26, height: 12, cls: "outside") },
                       text: "outside valid dates"),
            LegendItem(swatch: { c, x, y in c.rect(x: x, y: y, width: 26, height: 12, cls: "dst-day"); c.line(x1: x + 13, y1: y - 2, x2: x + 13, y2: y + 14, cls: "dst") },
                       text: "DST change (day of 23 or 25 h)"),
            LegendItem(swatch: { c, x, y in c.line(x1: x + 13, y1: y - 2, x2: x + 13, y2: y + 14, cls: "limit") },
                       text: "valid_from / valid_until"),
        ]
    }

    func drawLegend(_ c: inout Canvas, top: Double) -> Double {
        var x = metrics.labelX, y = top
        c.open(group: "role=\"list\" aria-label=\"Legend\"")
        for item in legendItems {
            let w = 32 + Markup.width(of: item.text, fontSize: 11) + 22
            if x + w > metrics.width - metrics.labelX { x = metrics.labelX; y += 22 }
            c.open(group: "role=\"listitem\"")
            item.swatch(&c, x, y + 2)
            c.text(item.text, x: x + 32, y: y + 12, size: 11, cls: "mono")
            c.closeGroup()
            x += w
        }
        c.closeGroup()
        y += 22
        c.text("Bars and the axis share one time scale: a 25-hour day is 25/24 as wide. Axis and grid in UTC; each row's strip shows its schedule's own days.",
               x: metrics.labelX, y: y + 12, size: 10, cls: "muted")
        return y + 18
    }
}
