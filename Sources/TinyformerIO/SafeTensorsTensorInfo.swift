// What the header says about one tensor, available without decoding it.

/// A tensor's name, stored dtype and shape, read from the validated header of a `SafeTensorsFile`
/// (no tensor data is touched). Decode the values with `SafeTensorsFile.entry(named:)` or
/// `SafeTensorsFile.decode(named:into:)`.
public struct SafeTensorsTensorInfo: Equatable, Hashable, Sendable {
    /// The tensor's name in the file.
    public let name: String
    /// The element type stored in the file (`.f32` for tensors built in memory).
    public let dtype: SafeTensorsDType
    /// The dimensions, outermost first (`[]` for a scalar).
    public let shape: [Int]
    /// The number of elements a decode produces: the product of `shape` for tensors read from
    /// bytes; `scalars.count` of the entry for files built with `init(tensors:metadata:source:)`
    /// (whose shapes are only checked when written).
    public let elementCount: Int

    public init(name: String, dtype: SafeTensorsDType, shape: [Int], elementCount: Int) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.elementCount = elementCount
    }
}
