import Foundation

// Two builds of one target. Built normally it replays files: `tinyformer-fuzz <target> <file or
// folder>…` runs each file once (the committed corpus, a crash a fuzzer found) and exits 0 when
// none trapped. Built by Scripts/fuzz with -sanitize=fuzzer and -D TINYFORMER_LIBFUZZER, main
// hands the command line to libFuzzer's driver (SwiftPM links an executable's main to the
// module's entry point, so libFuzzer's own main cannot be used), which calls
// LLVMFuzzerTestOneInput; TINYFORMER_FUZZ_TARGET picks the target.

/// libFuzzer's entry point: one input through the target named by TINYFORMER_FUZZ_TARGET.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = FuzzSelection.target else { return 0 }
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(FuzzInput(bytes: bytes))
    return 0
}

/// The target of a libFuzzer run.
enum FuzzSelection {
    static let target: FuzzTarget? = {
        let name = ProcessInfo.processInfo.environment["TINYFORMER_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("TINYFORMER_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()
}

#if TINYFORMER_LIBFUZZER
/// libFuzzer's driver (in the libFuzzer runtime that -sanitize=fuzzer links).
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
enum FuzzDriver {
    static func main() {
        _ = FuzzSelection.target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(llvmFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
#else
/// The replay driver.
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count >= 2 else {
            print("usage: tinyformer-fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> <file or folder>…")
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run(FuzzInput(bytes: [UInt8](data)))
                count += 1
            }
        }
        print("\(name): \(count) inputs replayed")
    }

    /// `path` itself, or the files in it (not recursive), sorted.
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }
}
#endif
