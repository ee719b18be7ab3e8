// swift-tools-version: 6.0
import PackageDescription

// Native libraries come from Debian packages (see Makefile `deps`):
//   libopenblas-dev liblapacke-dev libsuitesparse-dev libfftw3-dev
// SuiteSparse 5.x ships no pkg-config files, so its module map names the libraries directly.
let package = Package(
    name: "SolverSuite",
    products: [
        .library(name: "SparseLA", targets: ["SparseLA"]),
        .library(name: "Iterative", targets: ["Iterative"]),
        .library(name: "PDE", targets: ["PDE"]),
        .executable(name: "solversuite", targets: ["solversuite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSuiteSparse", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "SparseLA",
            dependencies: ["CSuiteSparse", "CBLAS", "CLAPACKE", "CZlib"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "Iterative", dependencies: ["SparseLA", "CBLAS", "CLAPACKE"]),
        .target(name: "PDE", dependencies: ["Iterative", "SparseLA", "CFFTW", "CLAPACKE"]),
        .executableTarget(
            name: "solversuite",
            dependencies: [
                "SparseLA", "Iterative", "PDE",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: a C reference compiled at -O3 and a Swift driver that runs both in one process.
        .target(
            name: "CReference",
            path: "Benchmarks/Sources/CReference",
            cSettings: [.unsafeFlags(["-O3"])],
            linkerSettings: [.linkedLibrary("cholmod"), .linkedLibrary("umfpack"), .linkedLibrary("suitesparseconfig"),
                             .linkedLibrary("fftw3"), .linkedLibrary("m")]
        ),
        .executableTarget(
            name: "solversuite-bench",
            dependencies: ["SparseLA", "Iterative", "PDE", "CReference", "CSuiteSparse"],
            path: "Benchmarks/Sources/solversuite-bench"
        ),
        .testTarget(name: "SparseLATests", dependencies: ["SparseLA", "CSuiteSparse", "CLAPACKE"]),
        .testTarget(name: "IterativeTests", dependencies: ["Iterative", "SparseLA"], exclude: ["Resources"]),
        .testTarget(name: "PDETests", dependencies: ["PDE", "Iterative", "SparseLA"]),
    ]
)
