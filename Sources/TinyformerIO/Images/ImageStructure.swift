// Walking an encoded image's container structure (chunks, segments, blocks) without decoding it,
// to tell a truncated file from a corrupt one and to read the declared size.
//
// stb_image reads past the end of its buffer as zeros in several decoders (a truncated JPEG or BMP
// decodes "successfully" with a grey or black bottom), so completeness is checked here first:
// PNG up to IEND, JPEG up to the end-of-image marker, a GIF's first image up to its block
// terminator, an uncompressed BMP's pixel array.

/// What the container says about an encoded image: its declared size (when the header holds one)
/// and, if the data ends early, where.
struct ImageStructure: Equatable {
    /// The width and height in the header, or nil when the header itself is cut off.
    var width: Int?
    var height: Int?
    /// Why the file is incomplete (nil: every part the first image needs is present).
    var truncation: String?

    /// Walks `bytes`, whose signature is that of `format`.
    static func scan(_ bytes: UnsafeRawBufferPointer, format: ImageFormat) -> ImageStructure {
        var reader = ByteReader(bytes: bytes)
        switch format {
        case .png: return scanPNG(&reader)
        case .jpeg: return scanJPEG(&reader)
        case .gif: return scanGIF(&reader)
        case .bmp: return scanBMP(&reader)
        }
    }

    private static func scanPNG(_ r: inout ByteReader) -> ImageStructure {
        var result = ImageStructure()
        r.offset = 8
        while true {
            let start = r.offset
            guard let length = r.u32BE(), let type = r.take(4) else {
                result.truncation = "the file ends at byte \(r.count) inside a chunk header at offset \(start) (no IEND chunk)"
                return result
            }
            let name = String(decoding: type, as: UTF8.self)
            if name == "IHDR", length >= 8, let w = r.peekU32BE(at: r.offset), let h = r.peekU32BE(at: r.offset + 4) {
                result.width = Int(w)
                result.height = Int(h)
            }
            guard r.skip(Int(length) + 4) else {
                result.truncation = "chunk \(name) at offset \(start) needs \(Int(length) + 12) bytes, "
                    + "the file ends \(r.count - start) bytes after its start"
                return result
            }
            if name == "IEND" { return result }
        }
    }

    private static func scanJPEG(_ r: inout ByteReader) -> ImageStructure {
        var result = ImageStructure()
        r.offset = 2
        while true {
            // Find the next marker: 0xFF (any number of fill bytes) then a byte other than 0x00/0xFF.
            guard r.skip(to: 0xFF) else { break }
            while r.peek() == 0xFF { r.offset += 1 }
            guard let marker = r.byte() else { break }
            switch marker {
            case 0x00: continue  // a stuffed byte outside a scan: keep looking
            case 0xD9: return result  // end of image
            case 0x01, 0xD0...0xD7: continue  // stand-alone markers
            default: break
            }
            let start = r.offset
            guard let length = r.u16BE(), length >= 2, r.skip(Int(length) - 2) else {
                let hex = String(marker, radix: 16, uppercase: true)
                result.truncation = "segment FF\(hex) at offset \(start - 2) runs past the end of the \(r.count)-byte file"
                return result
            }
            let isFrameHeader = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrameHeader, length >= 7, let h = r.peekU16BE(at: start + 3), let w = r.peekU16BE(at: start + 5) {
                result.height = Int(h)
                result.width = Int(w)
            }
            if marker == 0xDA {
                // Entropy-coded data follows: skip to the first marker that is not a stuffed 0xFF00
                // or a restart marker.
                while r.skip(to: 0xFF) {
                    guard let next = r.peek(at: r.offset + 1) else { r.offset = r.count; break }
                    if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF {
                        r.offset += next == 0xFF ? 1 : 2
                        continue
                    }
                    break
                }
            }
        }
        result.truncation = "no end-of-image marker (FFD9) before the end of the \(r.count)-byte file"
        return result
    }

    private static func scanGIF(_ r: inout ByteReader) -> ImageStructure {
        var result = ImageStructure()
        r.offset = 6
        guard let w = r.u16LE(), let h = r.u16LE(), let flags = r.byte(), r.skip(2) else {
            result.truncation = "the file ends inside the \(13)-byte GIF header"
            return result
        }
        result.width = Int(w)
        result.height = Int(h)
        if flags & 0x80 != 0, !r.skip(3 << (Int(flags & 7) + 1)) {
            result.truncation = "the file ends inside the global colour table"
            return result
        }
        while let block = r.byte() {
            switch block {
            case 0x21:  // extension: label, then data sub-blocks
                guard r.skip(1), r.skipSubBlocks() else {
                    result.truncation = "the file ends inside an extension block"
                    return result
                }
            case 0x2C:  // the first image: descriptor, local colour table, LZW code size, data
                guard r.skip(8), let imageFlags = r.byte() else {
                    result.truncation = "the file ends inside the first image descriptor"
                    return result
                }
                if imageFlags & 0x80 != 0, !r.skip(3 << (Int(imageFlags & 7) + 1)) {
                    result.truncation = "the file ends inside the first image's colour table"
                    return result
                }
                guard r.skip(1), r.skipSubBlocks() else {
                    result.truncation = "the file ends inside the first image's data"
                    return result
                }
                return result
            default:
                return result  // the trailer or an unknown block: the decoder judges
            }
        }
        result.truncation = "the file ends before the first image"
        return result
    }

    private static func scanBMP(_ r: inout ByteReader) -> ImageStructure {
        var result = ImageStructure()
        guard let pixelOffset = r.peekU32LE(at: 10), let headerSize = r.peekU32LE(at: 14) else {
            result.truncation = "the file ends inside the BMP header"
            return result
        }
        var bitsPerPixel = 0
        var compression: UInt32 = 0
        if headerSize == 12 {
            guard let w = r.peekU16LE(at: 18), let h = r.peekU16LE(at: 20), let bpp = r.peekU16LE(at: 24) else {
                result.truncation = "the file ends inside the BMP header"
                return result
            }
            result.width = Int(w)
            result.height = Int(h)
            bitsPerPixel = Int(bpp)
        } else {
            guard let w = r.peekU32LE(at: 18), let h = r.peekU32LE(at: 22), let bpp = r.peekU16LE(at: 28),
                  let c = r.peekU32LE(at: 30)
            else {
                result.truncation = "the file ends inside the BMP header"
                return result
            }
            result.width = Int(Int32(bitPattern: w))
            result.height = abs(Int(Int32(bitPattern: h)))
            bitsPerPixel = Int(bpp)
            compression = c
        }
        // Uncompressed (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS): rows padded to 4 bytes.
        guard [0, 3, 6].contains(compression), let width = result.width, let height = result.height,
              width > 0, bitsPerPixel > 0
        else { return result }
        let (bits, o1) = width.multipliedReportingOverflow(by: bitsPerPixel)
        let rowBytes = (bits + 31) / 32 * 4
        let (pixelBytes, o2) = rowBytes.multipliedReportingOverflow(by: height)
        let (needed, o3) = pixelBytes.addingReportingOverflow(Int(pixelOffset))
        if o1 || o2 || o3 || needed > r.count {
            result.truncation = "the pixel array needs bytes up to offset \(o1 || o2 || o3 ? "beyond Int" : "\(needed)"), "
                + "the file has \(r.count)"
        }
        return result
    }
}
