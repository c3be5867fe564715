// Which vector of the encoder's output a sequence classifier reads.

/// The features a `BertClassifier`'s head reads.
public enum BertPooling: String, Codable, Sendable, CaseIterable {
    /// The pooler's output, tanh(dense(h[:, 0])) (`BertForSequenceClassification`).
    case pooler
    /// The raw last hidden state of the [CLS] token, h[:, 0] (no pooler).
    case cls
}
