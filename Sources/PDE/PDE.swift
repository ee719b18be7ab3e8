import SparseLA
import Iterative

/// Namespace of the PDE module: discretisations (Poisson on grids and meshes, fractional Riesz
/// collocation, kinetic active-fluid model) and reduced-order models build on `SparseLA` and
/// `Iterative`. The solvers arrive file by file; see docs/PDE.md for what exists.
public enum PDE {
    /// Module version string.
    public static let version = "0.1.0"
}
