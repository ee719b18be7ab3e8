// Eigen reference for the CG time-per-iteration benchmark (Benchmarks/peers/cg_peers.py).
// Runs Eigen::ConjugateGradient (RowMajor, Lower|Upper: full-matrix SpMV, the fast path;
// IdentityPreconditioner) for a fixed number of iterations (tolerance 0) on b = A*ones, x0 = 0,
// repeats, and prints the best ms/iteration.
//
// Build: g++ -O3 -march=native -DNDEBUG -I/usr/include/eigen3 eigen_cg.cpp -o eigen_cg
// Usage: eigen_cg (FILE.mtx | grid:M) [iterations=200] [repeats=5]
//   grid:M builds the 5-point Laplacian on an M x M grid (same numbering as CSRMatrix.laplacian2D).
#include <Eigen/Sparse>
#include <Eigen/IterativeLinearSolvers>
#include <unsupported/Eigen/SparseExtra>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using SpMat = Eigen::SparseMatrix<double, Eigen::RowMajor>;

static SpMat laplacian2D(int m) {
    const int n = m * m;
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(5 * (size_t)n);
    for (int j = 0; j < m; ++j)
        for (int i = 0; i < m; ++i) {
            int r = j * m + i;
            if (j > 0) t.emplace_back(r, r - m, -1.0);
            if (i > 0) t.emplace_back(r, r - 1, -1.0);
            t.emplace_back(r, r, 4.0);
            if (i < m - 1) t.emplace_back(r, r + 1, -1.0);
            if (j < m - 1) t.emplace_back(r, r + m, -1.0);
        }
    SpMat a(n, n);
    a.setFromTriplets(t.begin(), t.end());
    return a;
}

int main(int argc, char **argv) {
    if (argc < 2) { std::fprintf(stderr, "usage: eigen_cg (FILE.mtx | grid:M) [iterations] [repeats]\n"); return 2; }
    std::string src = argv[1];
    int iters = argc > 2 ? std::atoi(argv[2]) : 200;
    int repeats = argc > 3 ? std::atoi(argv[3]) : 5;
    SpMat a;
    if (src.rfind("grid:", 0) == 0) {
        a = laplacian2D(std::atoi(src.c_str() + 5));
    } else {
        if (!Eigen::loadMarket(a, src)) {
            std::fprintf(stderr, "cannot read %s\n", src.c_str());
            return 1;
        }
        int sym = 0;
        bool isComplex = false, isVector = false;
        // Symmetric files store one triangle: expand to the full matrix.
        if (Eigen::getMarketHeader(src, sym, isComplex, isVector) && sym != 0) {
            SpMat full = a.selfadjointView<Eigen::Lower>();
            a = full;
        }
    }
    a.makeCompressed();
    Eigen::VectorXd ones = Eigen::VectorXd::Ones(a.cols());
    Eigen::VectorXd b = a * ones;
    double best = 1e300;
    int done = 0;
    for (int rep = 0; rep < repeats; ++rep) {
        Eigen::ConjugateGradient<SpMat, Eigen::Lower | Eigen::Upper, Eigen::IdentityPreconditioner> cg;
        cg.setMaxIterations(iters);
        cg.setTolerance(0.0);
        cg.compute(a);
        Eigen::VectorXd x = Eigen::VectorXd::Zero(a.cols());
        auto t0 = std::chrono::steady_clock::now();
        x = cg.solveWithGuess(b, x);
        auto t1 = std::chrono::steady_clock::now();
        done = (int)cg.iterations();
        double ms = std::chrono::duration<double, std::milli>(t1 - t0).count() / std::max(1, done);
        if (ms < best) best = ms;
    }
    std::printf("eigen n=%ld nnz=%ld iterations=%d ms_per_iter=%.6f\n", (long)a.rows(), (long)a.nonZeros(), done, best);
    return 0;
}
