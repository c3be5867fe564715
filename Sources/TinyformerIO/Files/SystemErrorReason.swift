import Foundation

/// Turns the errors Foundation's file APIs throw into short reasons a person can act on ("no
/// such file", "permission denied", "no space left on the device") instead of
/// "NSCocoaErrorDomain error 512".
public enum SystemErrorReason {
    /// The reason behind `error`: its POSIX cause when it has one, otherwise a description of
    /// its Cocoa code, otherwise its own description.
    public static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if let code = posixCode(ns) { return InputFile.reason(errno: code) }
        if ns.domain == NSCocoaErrorDomain {
            return cocoaReasons[ns.code] ?? "\(ns.localizedDescription) (Cocoa error \(ns.code))"
        }
        return String(describing: error)
    }

    /// The file an error of Foundation's file APIs names, if it names one.
    public static func path(of error: any Error) -> String? {
        let ns = error as NSError
        if let path = ns.userInfo[NSFilePathErrorKey] as? String { return path }
        return (ns.userInfo[NSURLErrorKey] as? URL)?.path
    }

    private static func posixCode(_ error: NSError) -> Int32? {
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError { return posixCode(underlying) }
        return nil
    }

    private static let cocoaReasons: [Int: String] = [
        CocoaError.fileNoSuchFile.rawValue: "no such file",
        CocoaError.fileReadNoSuchFile.rawValue: "no such file",
        CocoaError.fileReadNoPermission.rawValue: "permission denied",
        CocoaError.fileWriteNoPermission.rawValue: "permission denied",
        CocoaError.fileWriteOutOfSpace.rawValue: "no space left on the device",
        CocoaError.fileWriteVolumeReadOnly.rawValue: "the file system is read-only",
        CocoaError.fileWriteFileExists.rawValue: "a file of that name already exists",
        CocoaError.fileReadCorruptFile.rawValue: "the data is not in the expected format",
        CocoaError.fileReadInapplicableStringEncoding.rawValue: "the text is not in the expected encoding",
        CocoaError.fileWriteInapplicableStringEncoding.rawValue: "the text cannot be written in that encoding",
        CocoaError.fileReadTooLarge.rawValue: "the file is too large",
        CocoaError.fileLocking.rawValue: "the file is locked",
    ]
}
