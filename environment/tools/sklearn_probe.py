#!/usr/bin/python3
"""Reference for the workbench's linear probe (METHOD.md §7): scikit-learn's multinomial logistic
regression as scikit-learn's defaults set it (lbfgs, C = 1, at most 100 iterations) on features z-scored with the train split's statistics (StandardScaler).

usage: sklearn_probe.py TRAIN_X.npy TRAIN_Y.npy TEST_X.npy TEST_Y.npy [MAX_ITER]
Prints the test accuracy alone on the last line; train accuracy and iterations go to stderr."""
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

if len(sys.argv) not in (5, 6):
    sys.exit(__doc__)
xtr, ytr, xte, yte = (np.load(p) for p in sys.argv[1:5])
max_iter = int(sys.argv[5]) if len(sys.argv) == 6 else 100  # scikit-learn's default
scaler = StandardScaler().fit(xtr)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    model = LogisticRegression(max_iter=max_iter).fit(scaler.transform(xtr), ytr)
print("sklearn: train accuracy %.4f, %d lbfgs iterations (max %d)"
      % (model.score(scaler.transform(xtr), ytr), int(np.max(model.n_iter_)), max_iter), file=sys.stderr)
print("%.4f" % model.score(scaler.transform(xte), yte))
