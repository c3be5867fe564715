// The special tokens and context length of a Hugging Face tokenizer folder.
import Foundation

/// What `tokenizer_config.json` and `special_tokens_map.json` say about a CLIP tokenizer: the
/// special tokens and `model_max_length`. Values of `special_tokens_map.json` override those of
/// `tokenizer_config.json`, as in `from_pretrained`. A token may be a string or an `AddedToken`
/// object `{"content": …}`. Absent files or keys leave the values nil (the defaults apply).
struct ClipTokenizerConfig: Equatable {
    var startToken: String?
    var endToken: String?
    var padToken: String?
    var unknownToken: String?
    /// nil when absent or "unlimited" (Hugging Face writes 1e30 for no limit).
    var modelMaxLength: Int?

    static func read(directory: URL) throws(ClipTokenizerError) -> ClipTokenizerConfig {
        var config = ClipTokenizerConfig()
        for name in ["tokenizer_config.json", "special_tokens_map.json"] {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try config.merge(url)
        }
        return config
    }

    private mutating func merge(_ url: URL) throws(ClipTokenizerError) {
        let path = url.path
        let object: [String: Any]
        let data: Data
        do {
            data = try InputFile.read(url)
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
        }
        do {
            guard let dictionary = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ClipTokenizerError.invalidConfiguration(path: path, reason: "not a JSON object")
            }
            object = dictionary
        } catch let error as ClipTokenizerError {
            throw error
        } catch {
            throw .invalidConfiguration(path: path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        func token(_ key: String) throws(ClipTokenizerError) -> String? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let text as String: return text
            case let added as [String: Any]:
                guard let content = added["content"] as? String else {
                    throw .invalidConfiguration(path: path, reason: "\(key) has no string \"content\"")
                }
                return content
            default:
                throw .invalidConfiguration(path: path, reason: "\(key) is neither a string nor {\"content\": …}")
            }
        }
        startToken = try token("bos_token") ?? startToken
        endToken = try token("eos_token") ?? endToken
        padToken = try token("pad_token") ?? padToken
        unknownToken = try token("unk_token") ?? unknownToken
        if let value = object["model_max_length"], !(value is NSNull) {
            guard let number = value as? NSNumber else {
                throw .invalidConfiguration(path: path, reason: "model_max_length is not a number")
            }
            let length = number.doubleValue
            if length >= 1e15 {
                modelMaxLength = nil  // transformers' VERY_LARGE_INTEGER: no limit
            } else if length >= 2, length == length.rounded() {
                modelMaxLength = Int(length)
            } else {
                throw .invalidConfiguration(path: path, reason: "model_max_length is \(length) (expected an integer ≥ 2)")
            }
        }
    }
}
