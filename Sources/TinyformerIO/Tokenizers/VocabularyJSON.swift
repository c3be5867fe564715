// Reading a BPE `vocab.json` ({"token": id, ...}) with errors that give the line and column.

/// A reader for the flat JSON object `{"token": id, ...}` of a Hugging Face `vocab.json`.
///
/// Foundation's JSON parsers report byte offsets at best and accept floats and booleans as
/// numbers; this one accepts exactly an object of strings to non-negative integers (any JSON
/// whitespace, every string escape including surrogate pairs; a repeated token keeps its last id,
/// as Python's `json`), and throws `.malformedVocabulary` naming the file, line and column of the
/// first problem otherwise.
struct VocabularyJSON {
    private let bytes: [UInt8]
    private let path: String
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    /// Parses `bytes`, the contents of the file at `path`.
    static func parse(_ bytes: [UInt8], path: String) throws(ClipTokenizerError) -> [String: Int] {
        var reader = VocabularyJSON(bytes: bytes, path: path)
        return try reader.object()
    }

    private init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    private func fail(_ expected: String) -> ClipTokenizerError {
        let found: String
        if offset >= bytes.count {
            found = "the end of the file"
        } else if bytes[offset] >= 0x20, bytes[offset] < 0x7F {
            found = "'\(Character(Unicode.Scalar(bytes[offset])))'"
        } else {
            found = "byte 0x" + String(bytes[offset], radix: 16, uppercase: true)
        }
        return .malformedVocabulary(path: path, line: line, column: offset - lineStart + 1,
                                    problem: "expected \(expected), found \(found)")
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
            case 0x20, 0x09, 0x0D:
                offset += 1
            default:
                return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(ClipTokenizerError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { throw fail(what) }
        offset += 1
    }

    private mutating func object() throws(ClipTokenizerError) -> [String: Int] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            offset = 3
            lineStart = 3
        }
        try expect(UInt8(ascii: "{"), "'{' opening the vocabulary object")
        var vocabulary: [String: Int] = [:]
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
        } else {
            while true {
                skipWhitespace()
                let tokenLine = line
                let token = try string()
                try expect(UInt8(ascii: ":"), "':' after the token")
                vocabulary[token] = try integer(token: token, line: tokenLine)
                skipWhitespace()
                guard offset < bytes.count else { throw fail("',' or '}'") }
                if bytes[offset] == UInt8(ascii: ",") {
                    offset += 1
                } else if bytes[offset] == UInt8(ascii: "}") {
                    offset += 1
                    break
                } else {
                    throw fail("',' or '}'")
                }
            }
        }
        skipWhitespace()
        guard offset == bytes.count else { throw fail("nothing after the closing '}'") }
        return vocabulary
    }

    private mutating func string() throws(ClipTokenizerError) -> String {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw fail("a quoted token") }
        offset += 1
        var utf8: [UInt8] = []
        while true {
            guard offset < bytes.count else { throw fail("the closing '\"' of the token") }
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                offset += 1
                break
            }
            if b < 0x20 { throw fail("no raw control character inside a string (escape it)") }
            if b != UInt8(ascii: "\\") {
                utf8.append(b)
                offset += 1
                continue
            }
            offset += 1
            guard offset < bytes.count else { throw fail("an escape after '\\'") }
            let e = bytes[offset]
            offset += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(e)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var value = try hex4()
                if (0xD800...0xDBFF).contains(value) {
                    guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                    else { throw fail("a low surrogate \\uDC00-\\uDFFF after a high surrogate") }
                    offset += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("a low surrogate \\uDC00-\\uDFFF") }
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(value) {
                    throw fail("no lone low surrogate")
                }
                guard let scalar = Unicode.Scalar(value) else { throw fail("a valid code point") }
                utf8.append(contentsOf: String(scalar).utf8)
            default:
                offset -= 1
                throw fail("one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw fail("a token in valid UTF-8 (the token ending here is not)")
        }
        return text
    }

    private mutating func hex4() throws(ClipTokenizerError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = UInt32(String(Unicode.Scalar(bytes[offset])), radix: 16) else {
                throw fail("four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private mutating func integer(token: String, line tokenLine: Int) throws(ClipTokenizerError) -> Int {
        skipWhitespace()
        let start = offset
        var value = 0
        while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(bytes[offset] - 0x30))
            guard !o1, !o2 else { throw fail("an id that fits in Int") }
            value = sum
            offset += 1
        }
        let isFraction = offset < bytes.count && [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset])
        guard offset > start, !isFraction else {
            throw .invalidVocabularyEntry(path: path, line: tokenLine, token: token,
                                          expected: "a non-negative integer id")
        }
        return value
    }
}
