import Foundation
import TinyformerPlot

/// `report.html`: the document as one self-contained page — styles and figures (SVG) inline, no
/// network. A small script checks the page as a browser renders it and writes the result into
/// `#report-check` as `key=value` lines (sections, questions and figures found, figures that drew
/// nothing, broken images), which `Scripts/check-report` reads from headless Chromium's DOM.
public enum HTMLRenderer {
    public static func render(_ document: ReportDocument) -> String {
        var body: [String] = []
        body.append("<h1>\(XMLEscaping.escape(document.title))</h1>")
        body.append("<p class=\"preamble\">" + document.preamble.map(inline).joined(separator: "<br>") + "</p>")
        body.append("<nav><h2>Contents</h2><ul>")
        for section in document.sections {
            let questions = section.questions.map { "<a href=\"#\($0.anchor)\">\(XMLEscaping.escape($0.number))</a>" }.joined(separator: ", ")
            body.append("<li><a href=\"#\(section.id)\">\(XMLEscaping.escape(section.title))</a>: \(questions)</li>")
        }
        body.append("</ul></nav>")
        for section in document.sections {
            body.append("<section id=\"\(section.id)\" data-section=\"\(section.id)\" data-status=\"\(statusName(section.status))\">")
            body.append("<h2>\(XMLEscaping.escape(section.title))</h2>")
            body.append(status(section.status))
            for question in section.questions {
                body.append("<article id=\"\(question.anchor)\" data-question=\"\(XMLEscaping.escape(question.number))\">")
                body.append("<h3>\(XMLEscaping.escape(question.number)) \(XMLEscaping.escape(question.title))</h3>")
                body += question.blocks.map(render)
                body.append("</article>")
            }
            body.append("</section>")
        }
        body.append("<pre id=\"report-check\" hidden></pre>")
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(XMLEscaping.escape(document.title))</title>
        <style>\(style)</style></head>
        <body>
        \(body.joined(separator: "\n"))
        <script>\(checkScript)</script>
        </body></html>

        """
    }

    static func statusName(_ status: SectionStatus) -> String {
        switch status {
        case .complete: "complete"
        case .failed: "failed"
        case .notAvailable: "not-available"
        }
    }

    static func status(_ status: SectionStatus) -> String {
        switch status {
        case let .complete(note): return "<p class=\"status ok\">\(inline(note))</p>"
        case let .failed(step, message, log):
            return "<p class=\"status failed\"><strong>Failed</strong> at <code>\(XMLEscaping.escape(step))</code>: \(XMLEscaping.escape(message)) (log: <code>\(XMLEscaping.escape(log))</code>)</p>"
        case let .notAvailable(reason): return "<p class=\"status na\"><strong>Not yet available</strong>: \(inline(reason))</p>"
        }
    }

    static func render(_ block: ReportBlock) -> String {
        switch block {
        case let .paragraph(text):
            return "<p>\(inline(text))</p>"
        case let .table(header, rows):
            let head = "<tr>" + header.map { "<th>\(inline($0))</th>" }.joined() + "</tr>"
            let body = rows.map { "<tr>" + $0.map { "<td>\(inline($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            return "<table><thead>\(head)</thead><tbody>\(body)</tbody></table>"
        case let .figure(caption, path, svg):
            return "<figure data-path=\"\(XMLEscaping.escape(path))\">\(inlineSVG(svg))<figcaption>\(inline(caption))</figcaption></figure>"
        case let .code(quote):
            return "<p class=\"source\"><code>\(XMLEscaping.escape(quote.path))</code>, lines \(quote.lines.lowerBound)–\(quote.lines.upperBound)</p>"
                + "<pre><code class=\"language-\(quote.language)\">\(XMLEscaping.escape(quote.text))</code></pre>"
        case let .list(items):
            return "<ul>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</ul>"
        }
    }

    /// An SVG file's markup without its XML declaration, ready to sit inside HTML.
    static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "<p class=\"missing\">(figure missing)</p>" }
        return String(svg[start.lowerBound...])
    }

    /// HTML of inline Markdown: `code`, **bold**, [text](url); everything else escaped.
    static func inline(_ text: String) -> String {
        var out = "", rest = Substring(text)
        while let ch = rest.first {
            if ch == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                out += "<code>\(XMLEscaping.escape(String(rest[rest.index(after: rest.startIndex)..<end])))</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
                out += "<strong>\(inline(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound])))</strong>"
                rest = rest[end.upperBound...]
            } else if ch == "[", let close = rest.range(of: "]("), let paren = rest[close.upperBound...].firstIndex(of: ")") {
                let label = String(rest[rest.index(after: rest.startIndex)..<close.lowerBound])
                let url = String(rest[close.upperBound..<paren])
                out += "<a href=\"\(XMLEscaping.escape(url))\">\(inline(label))</a>"
                rest = rest[rest.index(after: paren)...]
            } else {
                out += XMLEscaping.escape(String(ch))
                rest = rest.dropFirst()
            }
        }
        return out
    }

    static let style = """
    body{font-family:system-ui,-apple-system,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
    h1{font-size:1.8rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}h3{margin-top:1.8rem}
    table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}th{background:#f4f4f4}
    pre{background:#f6f8fa;padding:.8rem;overflow:auto;font-size:.85rem}code{font-size:.9em}
    figure{margin:1rem 0}figure svg{max-width:100%;height:auto}figcaption{font-style:italic;color:#555}
    .status{padding:.5rem .8rem;border-radius:4px}.ok{background:#eef8ee}.failed{background:#fdecea}.na{background:#fff7e0}
    .preamble{color:#555}nav ul{columns:2}
    """

    /// Runs in the browser: counts what rendered and writes it as JSON into #report-check.
    static let checkScript = """
    window.addEventListener('load',function(){var figures=document.querySelectorAll('figure');var blank=[];
    figures.forEach(function(f){var s=f.querySelector('svg');var ok=false;if(s){try{var b=s.getBBox();ok=b.width>0&&b.height>0}catch(e){}}
    if(!ok)blank.push(f.getAttribute('data-path'))});var imgs=document.querySelectorAll('img');var broken=[];
    imgs.forEach(function(i){if(!(i.complete&&i.naturalWidth>0))broken.push(i.getAttribute('src'))});
    var sections=[].map.call(document.querySelectorAll('section[data-section]'),function(s){return s.id+':'+s.getAttribute('data-status')});
    var questions=[].map.call(document.querySelectorAll('article[data-question]'),function(a){return a.getAttribute('data-question')});
    var c=document.getElementById('report-check');c.textContent=['sections='+sections.join(','),'questions='+questions.join(','),
    'figures='+figures.length,'blank='+blank.join(','),'images='+imgs.length,'broken='+broken.join(',')].join('\\n');
    c.setAttribute('data-done','true')});
    """
}
