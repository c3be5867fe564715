import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Parses `svg` with Foundation's XMLParser; returns the element names in document order, or
/// records an issue and returns nil when the document is not well-formed.
func parseSVG(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String]? {
    let collector = ElementCollector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    guard parser.parse() else {
        Issue.record("SVG is not well-formed: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        return nil
    }
    return collector.elements
}

/// Records element names and the text of `<text>`/`<title>` elements.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var texts: [String] = []
    private var current = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(elementName)
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == "text" || elementName == "title" { texts.append(current) }
    }
}

/// Texts of all `<text>`/`<title>` elements, unescaped by the parser.
func svgTexts(_ svg: String) -> [String] {
    let collector = ElementCollector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    _ = parser.parse()
    return collector.texts
}
