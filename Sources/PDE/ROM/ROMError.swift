/// A bad input or a failed step in the reduced-order-model code: the file and line that rejected
/// it and why (for example mismatched snapshot lengths, a truncated ROM file, LAPACK failure).
public struct ROMError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, in words.
    public let reason: String
    /// Source file that detected the problem.
    public let file: String
    /// Line in `file`.
    public let line: Int

    /// Creates an error; `file` and `line` default to the caller's location.
    public init(_ reason: String, file: String = #fileID, line: Int = #line) {
        self.reason = reason
        self.file = file
        self.line = line
    }

    /// One line: `file:line: reason`.
    public var description: String { "\(file):\(line): \(reason)" }
}
