import Foundation
import Rendering
#if canImport(FoundationXML)
import FoundationXML
#endif
import HostingSchedule
import Pictures
import RuleFile
import ScheduleReport
import Testing

/// Collects the elements of an XML document, to check the SVG is well-formed and look inside.
final class ElementCollector: NSObject, XMLParserDelegate {
    struct Element { let name: String; let attributes: [String: String]; var text = ""; var title: String? }
    var elements: [Element] = []
    var stack: [Int] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        stack.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let i = stack.removeLast()
        if name == "title", let parent = stack.last { elements[parent].title = elements[i].text }
    }

    static func parse(_ text: String) throws -> [Element] {
        let parser = XMLParser(data: Data(text.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return collector.elements
    }
}

/// What a self-contained page may not contain: scripts, and references to anything outside it.
func expectSelfContained(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lower = text.lowercased()
    #expect(!lower.contains("<script"), sourceLocation: sourceLocation)
    #expect(!lower.contains("javascript:"), sourceLocation: sourceLocation)
    #expect(!lower.contains("@import"), sourceLocation: sourceLocation)
    #expect(!lower.contains(" src="), sourceLocation: sourceLocation)
    #expect(!lower.contains(" href="), sourceLocation: sourceLocation)
    #expect(!lower.contains("<link"), sourceLocation: sourceLocation)
    // The SVG namespace is a name, not a fetch; nothing else may look like a URL.
    let withoutNamespace = lower.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://") && !withoutNamespace.contains("//"),
            sourceLocation: sourceLocation)
    // url(...) only ever points at a pattern in the same document.
    var rest = lower[...]
    while let r = rest.range(of: "url(") {
        #expect(rest[r.upperBound...].hasPrefix("#"), sourceLocation: sourceLocation)
        rest = rest[r.upperBound...]
    }
}

@Suite struct TimelinePictureTests {
    func exampleWeek() throws -> TimelinePicture {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try RuleFile.load(path: root.appendingPathComponent("schedules/example.yaml").path)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-10-24T00:00:00+02:00"), to: instant("2026-11-02T00:00:00+01:00"))
        return TimelinePicture(report: report, rulesPath: "schedules/example.yaml", pricePerInferenceUnitHour: file.ruleSet.price(for: .lookoutVision),
                               holidayNames: file.holidayNames)
    }

    @Test func theSVGIsWellFormedSelfContainedAndTitlesEveryBar() throws {
        let picture = try exampleWeek()
        let svg = picture.svg()
        expectSelfContained(svg)
        let elements = try ElementCollector.parse(svg)
        #expect(elements.first?.name == "svg")
        #expect(elements.first?.attributes["role"] == "img")
        // Every bar but the legend's swatch has a title.
        let bars = elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" && $0.title != nil }
        #expect(bars.count == picture.layout.rows.reduce(0) { $0 + $1.bars.count })
        #expect(elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }.count == bars.count + 1)
        #expect(bars.allSatisfy { $0.title?.hasPrefix("hosted ") == true })
        #expect(bars.first?.title == "hosted Mon 2026-10-26 07:00 +01:00 to Mon 2026-10-26 19:00 +01:00 Europe/Berlin (2026-10-26 06:00 UTC to 2026-10-26 18:00 UTC): 12.0 h")
        // The DST days are labelled with their length, and the changes drawn as dashed lines with titles.
        #expect(elements.contains { $0.name == "text" && $0.text.hasSuffix("25 h") })
        let changes = elements.filter { $0.name == "line" && $0.attributes["class"] == "dst" && $0.title != nil }
        #expect(changes.count == 5)  // Berlin's on four rows, Chicago's on one; the always-hosted rule's zone is Berlin too
        #expect(changes.contains { $0.title == "DST in America/Chicago: clocks go back -1 h at 2026-11-01 07:00 UTC (-05:00 to -06:00)" })
        // Every row says what it adds up to.
        let rows = elements.filter { $0.attributes["role"] == "listitem" && $0.attributes["aria-label"]?.hasPrefix("rule ") == true }
        #expect(rows.count == 5)
        #expect(rows[0].attributes["aria-label"]?.hasSuffix("hosted 60.0 h, stopped 157.0 h; 185.81 per week for one inference unit") == true)
    }

    @Test func theHTMLPageIsSelfContainedPrintableAndHasATextLegendAndTable() throws {
        let html = try exampleWeek().html()
        expectSelfContained(html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("@media print"))
        #expect(html.contains("<ul class=\"legend\" aria-label=\"Legend\">"))
        #expect(html.contains("<span>holiday: no window opens</span>"))
        #expect(html.contains("<td class=\"num\">60.0</td><td class=\"num\">157.0</td><td class=\"num\">185.81</td>"))
    }

    @Test func twoHundredRulesKeepEveryLabelInsideItsColumn() throws {
        var yaml = "version: 1\ndefaults: { timezone: Europe/Berlin }\nschedules:\n  office-hours: { windows: [{ days: mon-fri, from: \"07:00\", to: \"19:00\" }] }\nrules:\n"
        for i in 0..<200 {
            yaml += "  - { project: plant-\(i)-\(String(repeating: "very-long-line-name-", count: i % 4))inspection, versions: [\"\(i + 1)\"], schedule: office-hours }\n"
        }
        let file = try ruleFile(yaml)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-11-30T00:00:00Z"), to: instant("2026-12-07T00:00:00Z"))
        let picture = TimelinePicture(report: report, rulesPath: "big.yaml", pricePerInferenceUnitHour: 4)
        let elements = try ElementCollector.parse(picture.svg())
        let m = picture.layout.metrics
        // The two labels of each row (12 and 10 units high; the subtitle above the axis is 11).
        let labels = elements.filter { $0.name == "text" && Double($0.attributes["x"] ?? "") == m.labelX && $0.title != nil
            && ["12", "10"].contains($0.attributes["font-size"]) }
        #expect(labels.count == 400)
        for label in labels {
            let size = Double(label.attributes["font-size"]!)!
            #expect(Markup.width(of: label.text, fontSize: size) <= m.labelWidth, "\(label.text)")
        }
        // Long names are cut with an ellipsis; the title keeps the whole text.
        let cut = try #require(labels.first { $0.text.hasSuffix("…") })
        #expect(cut.title?.contains(String(cut.text.dropLast())) == true)
        #expect(cut.title!.count > cut.text.count)
        // The page splits the rows into figures that each print on a page with their own axis.
        let html = picture.html()
        #expect(html.components(separatedBy: "<figure class=\"chunk\">").count - 1 == 200 / TimelinePicture.rowsPerFigure)
    }

    @Test func aModelNoRuleCoversGetsAPageThatSaysSo() throws {
        let file = try ruleFile(officeHours)
        let report = TimelineReport(ruleSet: file.ruleSet, from: instant("2026-11-30T00:00:00Z"), to: instant("2026-12-01T00:00:00Z"),
                                    model: .init(project: "other", version: "1", region: nil))
        let picture = TimelinePicture(report: report, rulesPath: "r.yaml", pricePerInferenceUnitHour: 4)
        #expect(picture.html().contains("No rule covers other version 1: it is left alone (never stopped)."))
        _ = try ElementCollector.parse(picture.svg())
    }

    @Test(arguments: [
        ("plant-42", 200.0, "plant-42"),
        ("a-very-long-project-name-indeed", 60.0, "a-very-…"),
        ("abc", 1.0, ""),
    ])
    func truncationFitsTheWidth(text: String, width: Double, expected: String) {
        #expect(Markup.truncate(text, toWidth: width, fontSize: 12) == expected)
    }

    @Test func markupEscapesWhatWouldBreakTheDocument() {
        #expect(MarkupText.escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(Markup.number(12.0) == "12" && Markup.number(12.5) == "12.5" && Markup.number(1.239) == "1.24")
        #expect(Markup.money(1234.5) == "1,234.50" && Markup.money(0) == "0.00")
    }
}
