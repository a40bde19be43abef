"""Read-only NumPy views (np.broadcast_to) project without a torch warning
and to the same pixels as a writable copy."""
import unittest
import warnings

import numpy as np

from selfpose_mm.geometry import project_points, undistort_points


class TestReadOnlyInputs(unittest.TestCase):

    def test_broadcast_view(self):
        X = np.broadcast_to(np.array([[100., -50., 3000.]]), (3, 1, 3))
        self.assertFalse(X.flags.writeable)
        K = np.array([[1000., 0, 500], [0, 1000., 400], [0, 0, 1]])
        dist = np.array([0.1, -0.05, 0.001, 0.002, 0.])
        with warnings.catch_warnings():
            warnings.simplefilter('error')
            uv = project_points(X, K, np.eye(3), np.zeros(3), dist)
            und = undistort_points(uv, K, dist)
        ref = project_points(X.copy(), K, np.eye(3), np.zeros(3), dist)
        np.testing.assert_allclose(uv, ref)
        # undistorted = the pinhole projection
        np.testing.assert_allclose(und[..., 0], 500 + 1000 * 100 / 3000,
                                   atol=1e-6)
        np.testing.assert_allclose(und[..., 1], 400 - 1000 * 50 / 3000,
                                   atol=1e-6)


if __name__ == '__main__':
    unittest.main()
