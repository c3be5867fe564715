import Foundation
import TinyformerPlot
import TinyformerIO

/// A contact sheet of ranked images for a caption: each image as an inline thumbnail (a PNG data
/// URI, so the file is self-contained) with its rank, name, probability bar and cosine. Written as
/// HTML (`html`) for browsers or SVG (`svg`) for documents.
public struct ContactSheet {
    /// One thumbnail with its score.
    public struct Entry {
        public let score: ImageScore
        /// The thumbnail as PNG bytes.
        public let png: Data
        public let width: Int
        public let height: Int
    }

    public let caption: String
    public let entries: [Entry]

    /// Thumbnails of `scores` (best first, at most `limit`), read from `files[score.index]`, resized
    /// with Pillow's bicubic filter so the longer side is at most `thumbnailSide` pixels.
    /// - Throws: the `ImageError` of a file that no longer decodes.
    public init(caption: String, scores: [ImageScore], files: [URL], limit: Int, thumbnailSide: Int = 160) throws {
        self.caption = caption
        entries = try scores.prefix(max(limit, 0)).map { score in
            let image = try RGBImage(contentsOf: files[score.index]).compositedOnWhite()
            let scale = min(1, Double(thumbnailSide) / Double(max(image.width, image.height)))
            let w = max(1, Int((Double(image.width) * scale).rounded())), h = max(1, Int((Double(image.height) * scale).rounded()))
            let thumbnail = scale < 1 ? try image.resized(width: w, height: h) : image
            return Entry(score: score, png: try thumbnail.pngData(), width: thumbnail.width, height: thumbnail.height)
        }
    }

    /// A self-contained HTML page.
    public func html() -> String {
        let best = entries.map(\.score.probability).max() ?? 1
        var cards = ""
        for (rank, entry) in entries.enumerated() {
            let s = entry.score
            let bar = max(0, min(100, Double(s.probability / max(best, 1e-12)) * 100))
            cards += """
                <figure><img src="data:image/png;base64,\(entry.png.base64EncodedString())" width="\(entry.width)" height="\(entry.height)" alt="\(XMLEscaping.escape(s.name))">
                <figcaption><b>#\(rank + 1)</b> \(XMLEscaping.escape(s.name))<div class="bar"><span style="width:\(String(format: "%.1f", bar))%"></span></div>
                p = \(String(format: "%.4f", s.probability)) · cos = \(String(format: "%.4f", s.cosine))</figcaption></figure>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>CLIP ranking: \(XMLEscaping.escape(caption))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
            main { display: flex; flex-wrap: wrap; gap: 1em; }
            figure { margin: 0; width: 180px; padding: 8px; border: 1px solid #ddd; border-radius: 6px; }
            figure img { display: block; margin: 0 auto 6px; image-rendering: auto; max-width: 160px; }
            figcaption { font-size: 12px; word-break: break-all; }
            .bar { height: 8px; background: #eee; border-radius: 4px; margin: 4px 0; }
            .bar span { display: block; height: 8px; background: #3b7dd8; border-radius: 4px; }
            </style></head><body>
            <h1>“\(XMLEscaping.escape(caption))”</h1>
            <p>Images ranked by p = softmax over images of exp(logit_scale) · cos(image, caption); bars relative to the best.</p>
            <main>
            \(cards)</main></body></html>

            """
    }

    /// The same sheet as an SVG picture, `columns` thumbnails per row.
    public func svg(columns: Int = 4) -> String {
        let cell = 180.0, top = 40.0, cols = max(1, columns)
        let rows = (entries.count + cols - 1) / cols
        let width = Double(cols) * cell + 10, height = top + Double(rows) * (cell + 40) + 10
        let best = entries.map(\.score.probability).max() ?? 1
        var body = ""
        for (rank, entry) in entries.enumerated() {
            let x = 10 + Double(rank % cols) * cell, y = top + Double(rank / cols) * (cell + 40)
            let s = entry.score, bar = Double(s.probability / max(best, 1e-12)) * (cell - 20)
            body += """
                <image x="\(x + (cell - 10 - Double(entry.width)) / 2)" y="\(y)" width="\(entry.width)" height="\(entry.height)" href="data:image/png;base64,\(entry.png.base64EncodedString())"/>
                <text x="\(x)" y="\(y + 175)" font-size="12">#\(rank + 1) \(XMLEscaping.escape(s.name))</text>
                <rect x="\(x)" y="\(y + 181)" width="\(cell - 20)" height="7" fill="#eee"/><rect x="\(x)" y="\(y + 181)" width="\(String(format: "%.1f", bar))" height="7" fill="#3b7dd8"/>
                <text x="\(x)" y="\(y + 202)" font-size="11">p \(String(format: "%.3f", s.probability)) · cos \(String(format: "%.3f", s.cosine))</text>

                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="10" y="26" font-size="18">“\(XMLEscaping.escape(caption))”</text>
            \(body)</svg>

            """
    }
}
