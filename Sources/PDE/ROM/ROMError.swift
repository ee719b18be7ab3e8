/// A bad input or a failed step in the reduced-order-model code (for example mismatched snapshot
/// lengths, a truncated ROM file, a LAPACK failure).
public typealias ROMError = PDEError
