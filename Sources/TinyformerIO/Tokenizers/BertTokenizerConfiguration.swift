// The settings a Hugging Face model folder gives a BERT tokenizer: tokenizer_config.json and
// special_tokens_map.json.
import Foundation

/// What `tokenizer_config.json` (and `special_tokens_map.json`) of a Hugging Face model folder say
/// about a BERT tokenizer. Absent files or keys keep the defaults of `BertTokenizer`.
struct BertTokenizerConfiguration: Equatable {
    /// `do_lower_case` (default true).
    var lowercase = true
    /// `strip_accents` (default null: follow `do_lower_case`).
    var stripAccents: Bool?
    /// `tokenize_chinese_chars` (default true).
    var handleChineseCharacters = true
    /// `model_max_length`; nil when absent or at least 2^53 (Hugging Face writes 1e30 for "no limit").
    var modelMaxLength: Int?
    /// `unk_token`, `cls_token`, `sep_token`, `pad_token`, `mask_token`.
    var specialTokens = BertSpecialTokens()

    init() {}

    /// Reads `tokenizer_config.json`, then `special_tokens_map.json` (whose token names win, as in
    /// transformers), from `directory`; either may be absent.
    init(directory: URL) throws(TokenizerError) {
        for name in ["tokenizer_config.json", "special_tokens_map.json"] {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try apply(Self.readObject(url), source: url.path)
        }
    }

    private static func readObject(_ url: URL) throws(TokenizerError) -> [String: Any] {
        let data: Data
        do {
            data = try InputFile.read(url)
        } catch {
            throw .unreadableFile(source: url.path, reason: error.reason)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw .invalidConfiguration(source: url.path, key: nil,
                                        expected: "a JSON object (\(error.localizedDescription))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .invalidConfiguration(source: url.path, key: nil, expected: "a JSON object")
        }
        return dictionary
    }

    private mutating func apply(_ object: [String: Any], source: String) throws(TokenizerError) {
        func flag(_ key: String) throws(TokenizerError) -> Bool? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? NSNumber, Self.isBoolean(number) else {
                throw .invalidConfiguration(source: source, key: key, expected: "true or false")
            }
            return number.boolValue
        }
        func tokenName(_ key: String) throws(TokenizerError) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            if let name = value as? String, !name.isEmpty { return name }
            if let added = value as? [String: Any], let name = added["content"] as? String, !name.isEmpty {
                return name  // an AddedToken object
            }
            throw .invalidConfiguration(source: source, key: key,
                                        expected: "a token name or an object with a non-empty \"content\" string")
        }
        if let value = try flag("do_lower_case") { lowercase = value }
        if object["strip_accents"] != nil { stripAccents = try flag("strip_accents") }
        if let value = try flag("tokenize_chinese_chars") { handleChineseCharacters = value }
        if let value = object["model_max_length"], !(value is NSNull) {
            guard let number = value as? NSNumber, !Self.isBoolean(number), number.doubleValue >= 0,
                  number.doubleValue.rounded() == number.doubleValue else {
                throw .invalidConfiguration(source: source, key: "model_max_length", expected: "a non-negative integer")
            }
            modelMaxLength = number.doubleValue < 9_007_199_254_740_992 ? number.intValue : nil
        }
        if let name = try tokenName("unk_token") { specialTokens.unknown = name }
        if let name = try tokenName("cls_token") { specialTokens.classifier = name }
        if let name = try tokenName("sep_token") { specialTokens.separator = name }
        if let name = try tokenName("pad_token") { specialTokens.padding = name }
        if let name = try tokenName("mask_token") { specialTokens.mask = name }
    }

    /// Whether a JSON number came from `true`/`false` (Foundation boxes both as NSNumber).
    private static func isBoolean(_ number: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(number) == CFBooleanGetTypeID()
        #else
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
        #endif
    }
}
