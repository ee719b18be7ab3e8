#!/usr/bin/env python3
"""SciPy's CG loop (same recurrences as scipy.sparse.linalg.cg) with three dot-product summation orders.
Shows that on matrices where CG needs more than n iterations the iteration count is set by rounding:
changing only the summation order moves it by up to +-20%. Used to explain the outliers in
Tests/IterativeTests/ScipyValidationTests.swift. Usage: python3 Benchmarks/peers/cg_rounding_sensitivity.py"""
import numpy as np, scipy.io, scipy.sparse as sp, math
def cg(a,b,dot,rtol=1e-8,maxiter=20000,M=None):
    x=np.zeros_like(b); r=b.copy(); bn=math.sqrt(dot(b,b)); rho_prev=None; p=None
    for it in range(maxiter):
        if math.sqrt(dot(r,r)) < rtol*bn: return it
        z = r if M is None else M*r
        rho=dot(r,z)
        if it>0: p*= rho/rho_prev; p+=z
        else: p=z.copy()
        q=a@p; alpha=rho/dot(p,q); x+=alpha*p; r-=alpha*q; rho_prev=rho
    return maxiter
D='/work/shared/data/matrices/'
for f,pre in [('bcsstk01',0),('bcsstk06',0),('bcsstk08',0),('bcsstk20',0),('bcsstk20',1),('bcsstm25',0),('bcsstk13',1),('494_bus',0)]:
    a=sp.csr_matrix(scipy.io.mmread(D+f+'.mtx')); n=a.shape[0]; b=a@np.ones(n)
    M=1/a.diagonal() if pre else None
    r=[cg(a,b,np.dot,M=M,maxiter=min(10*n,20000)), cg(a,b,lambda u,v: float(np.sum(u*v)),M=M,maxiter=min(10*n,20000)),
       cg(a,b,lambda u,v: math.fsum(u*v),M=M,maxiter=min(10*n,20000))]
    print(f, 'pcg' if pre else 'cg', 'np.dot', r[0], 'pairwise-sum', r[1], 'exact fsum', r[2], flush=True)
