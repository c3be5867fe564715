import TinyformerTensor

/// The nonlinearities of transformer MLPs, by the names used in configuration files.
public enum Activation: String, Codable, Sendable, CaseIterable {
    /// max(x, 0) (`torch.relu`).
    case relu
    /// Exact GELU, x·Φ(x) (`F.gelu`; Hugging Face "gelu", BERT's).
    case gelu
    /// GELU's tanh approximation (`F.gelu(approximate="tanh")`; Hugging Face "gelu_new",
    /// "gelu_pytorch_tanh", GPT-2's).
    case geluTanh = "gelu_tanh"
    /// x·σ(1.702x) (Hugging Face "quick_gelu", OpenAI CLIP's).
    case quickGELU = "quick_gelu"

    /// The activation a Hugging Face config names (`hidden_act`), or nil when unsupported.
    public init?(huggingFaceName name: String) {
        switch name {
        case "relu": self = .relu
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_tanh": self = .geluTanh
        case "quick_gelu": self = .quickGELU
        default: return nil
        }
    }

    /// f(x), same shape.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: x.relu()
        case .gelu: x.gelu()
        case .geluTanh: x.geluTanh()
        case .quickGELU: x.quickGELU()
        }
    }
}
