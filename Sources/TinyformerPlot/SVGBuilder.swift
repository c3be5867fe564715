import Foundation

/// Internal: accumulates SVG elements and assembles a standalone, well-formed SVG document.
/// All text and attribute values pass through `XMLEscaping.escape`.
struct SVGBuilder {
    let width: Double
    let height: Double
    private var defs: [String] = []
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A coordinate with at most two decimals ("12.5", "3", "-0.25").
    static func num(_ v: Double) -> String {
        let rounded = (v * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var s = String(format: "%.2f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    static func attr(_ s: String) -> String { XMLEscaping.escape(s) }

    mutating func raw(_ element: String) { elements.append(element) }
    mutating func def(_ element: String) { defs.append(element) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, extra: String = "") {
        let strokeAttr = stroke.map { " stroke=\"\(Self.attr($0))\"" } ?? ""
        raw("<rect x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" fill=\"\(Self.attr(fill))\"\(strokeAttr)\(extra)/>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil) {
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        raw("<line x1=\"\(Self.num(x1))\" y1=\"\(Self.num(y1))\" x2=\"\(Self.num(x2))\" y2=\"\(Self.num(y2))\" stroke=\"\(Self.attr(stroke))\" stroke-width=\"\(Self.num(width))\"\(dashAttr)/>")
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double = 12,
                       anchor: String = "start", weight: String? = nil, fill: String = "#222222",
                       rotate: Double? = nil) {
        let weightAttr = weight.map { " font-weight=\"\($0)\"" } ?? ""
        let rotateAttr = rotate.map { " transform=\"rotate(\(Self.num($0)) \(Self.num(x)) \(Self.num(y)))\"" } ?? ""
        raw("<text x=\"\(Self.num(x))\" y=\"\(Self.num(y))\" font-size=\"\(Self.num(size))\" text-anchor=\"\(anchor)\" fill=\"\(Self.attr(fill))\"\(weightAttr)\(rotateAttr)>\(XMLEscaping.escape(content))</text>")
    }

    /// The complete document with a `<title>` for accessibility.
    func document(title: String) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.num(width))\" height=\"\(Self.num(height))\" viewBox=\"0 0 \(Self.num(width)) \(Self.num(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<title>\(XMLEscaping.escape(title))</title>\n"
        if !defs.isEmpty { out += "<defs>\n" + defs.joined(separator: "\n") + "\n</defs>\n" }
        out += elements.joined(separator: "\n")
        out += "\n</svg>\n"
        return out
    }

    /// Approximate rendered width of `text` at `size` px (for layout only).
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.58
    }
}
