import CPETSc

/// A PETSc or MPI call that returned a nonzero error code, or input the distributed engine rejects.
///
/// `call` names the PETSc/MPI function (or the input check), `code` is PETSc's `PetscErrorCode`
/// (0 for input checks), `reason` is PETSc's own message when it has one.
public struct PETScError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The failing PETSc/MPI function, or the name of the input check.
    public var call: String
    /// PETSc's error code (see `PetscErrorCode`); 0 for input validation failures.
    public var code: Int32
    /// Human-readable reason.
    public var reason: String

    /// Creates an error record.
    public init(call: String, code: Int32, reason: String) {
        self.call = call
        self.code = code
        self.reason = reason
    }

    /// An input validation failure (no PETSc call involved).
    public static func invalidInput(_ what: String, _ reason: String) -> PETScError {
        PETScError(call: what, code: 0, reason: reason)
    }

    /// "call: reason" for input checks, "call failed with PETSc error N: reason" otherwise.
    public var description: String {
        code == 0 ? "\(call): \(reason)" : "\(call) failed with PETSc error \(code): \(reason)"
    }
}

/// Throws a `PETScError` naming `call` when `code` is nonzero, with PETSc's message for the code.
@inline(__always)
func petscCheck(_ code: PetscErrorCode, _ call: @autoclosure () -> String) throws(PETScError) {
    if code == 0 { return }
    var text: UnsafePointer<CChar>? = nil
    _ = PetscErrorMessage(code, &text, nil)
    let reason = text.map { String(cString: $0) } ?? "unknown error"
    throw PETScError(call: call(), code: code, reason: reason)
}
