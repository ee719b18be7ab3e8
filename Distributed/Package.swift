// swift-tools-version: 6.0
import PackageDescription
import Foundation

// The distributed engine: PETSc (KSP/PC, hypre BoomerAMG) over MPI, from Debian
// (`apt-get install petsc-dev libopenmpi-dev openmpi-bin`; root Makefile target `distributed-deps`).
// This is a SEPARATE package so the main SolverSuite package keeps building without PETSc/MPI.
//
// PETSc's pkg-config file (`PETSc.pc`) names PETSc's own include directory but not MPI's, and the
// PETSc headers include <mpi.h>; Debian's Open MPI keeps mpi.h under an architecture directory.
// Override with MPI_INCLUDE=/path/to/mpi/include (e.g. for MPICH: /usr/include/x86_64-linux-gnu/mpich).
let env = ProcessInfo.processInfo.environment
let mpiInclude = env["MPI_INCLUDE"] ?? "/usr/lib/x86_64-linux-gnu/openmpi/include"
let mpiFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I\(mpiInclude)"])]

let package = Package(
    name: "SolverSuiteDistributed",
    products: [
        .library(name: "Distributed", targets: ["Distributed"]),
        .executable(name: "solversuite-mpi", targets: ["solversuite-mpi"]),
    ],
    dependencies: [
        .package(name: "SolverSuite", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CPETSc", pkgConfig: "PETSc", providers: [.apt(["petsc-dev", "libopenmpi-dev"])]),
        .target(
            name: "Distributed",
            dependencies: [
                "CPETSc",
                .product(name: "SparseLA", package: "SolverSuite"),
                .product(name: "Iterative", package: "SolverSuite"),
            ],
            swiftSettings: mpiFlags
        ),
        .executableTarget(
            name: "solversuite-mpi",
            dependencies: [
                "Distributed", "CPETSc",
                .product(name: "SparseLA", package: "SolverSuite"),
                .product(name: "Iterative", package: "SolverSuite"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: mpiFlags
        ),
        .testTarget(
            name: "DistributedTests",
            dependencies: [
                "Distributed", "CPETSc",
                .product(name: "SparseLA", package: "SolverSuite"),
                .product(name: "Iterative", package: "SolverSuite"),
            ],
            swiftSettings: mpiFlags
        ),
    ]
)
