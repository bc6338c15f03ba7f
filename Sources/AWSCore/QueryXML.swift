import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML answer of a Query-protocol API (STS), parsed with Foundation's `XMLParser` (libxml2)
/// into a small element tree. Namespaces are ignored (`<AssumeRoleResponse xmlns="...">` is
/// `AssumeRoleResponse`); external entities are never resolved.
public struct QueryXMLElement: Sendable, Equatable {
    /// The element's local name.
    public var name: String
    /// Its character data (CDATA included), trimmed of surrounding white space.
    public var text: String
    /// Its child elements, in document order.
    public var children: [QueryXMLElement]

    /// An element.
    public init(name: String, text: String = "", children: [QueryXMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> QueryXMLElement? { children.first { $0.name == name } }

    /// The element reached through children named `names`, in order: `root.at("Error", "Code")`.
    public func at(_ names: String...) -> QueryXMLElement? {
        var current: QueryXMLElement? = self
        for n in names { current = current?.child(n) }
        return current
    }

    /// The first element named `name` in this subtree (depth first, this element included).
    public func first(named name: String) -> QueryXMLElement? {
        if self.name == name { return self }
        for c in children { if let found = c.first(named: name) { return found } }
        return nil
    }

    /// Parses a document; nil when it is not well-formed XML.
    public static func parse(_ bytes: [UInt8]) -> QueryXMLElement? {
        guard !bytes.isEmpty else { return nil }
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// Builds the tree from the parser's events.
    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [QueryXMLElement] = []
        var root: QueryXMLElement?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            stack.append(QueryXMLElement(name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard var done = stack.popLast() else { return }
            done.text = done.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
        }
    }
}
