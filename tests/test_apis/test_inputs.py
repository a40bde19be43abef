"""Detection readers (OpenPose, mmpose, COCO), frame sources and the
recording's synchronisation checks; bad inputs give clear errors."""
import json
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np
from mmengine.logging import MMLogger

from selfpose_mm.apis.io import (DetectionFormatError, MultiViewRecording,
                                 open_frame_source, read_detections)
from selfpose_mm.geometry import Camera, look_at


def _people(n, K=25, seed=0):
    rng = np.random.default_rng(seed)
    p = np.concatenate([rng.uniform(0, 500, (n, K, 2)),
                        rng.uniform(0.2, 1, (n, K, 1))], -1)
    return p


def _cams(V=2, size=(64, 48)):
    out = {}
    for v in range(V):
        R, t = look_at((3000. * np.cos(v), 3000. * np.sin(v), 1500.),
                       (0, 0, 1000.))
        out[f'c{v}'] = Camera(f'c{v}', np.array(
            [[50., 0, 32], [0, 50., 24], [0, 0, 1]]), R, t, image_size=size)
    return out


class TestDetectionReaders(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_openpose_folder(self):
        d = self.dir / 'cam01_json'
        d.mkdir()
        frames = {}
        for f in (0, 1, 2):
            p = _people(2, seed=f)
            frames[f] = p
            people = [dict(pose_keypoints_2d=x.ravel().tolist()) for x in p]
            people.append(dict(pose_keypoints_2d=[]))  # empty: skipped
            (d / f'cam01.{f:04d}.json').write_text(
                json.dumps(dict(version=1.3, people=people)))
        out = read_detections(d)
        self.assertEqual(sorted(out), [0, 1, 2])
        for f in out:
            self.assertEqual(out[f].shape, (2, 25, 3))
            np.testing.assert_allclose(out[f], frames[f], rtol=1e-6)
        # NaN joints: zeroed with their score, not propagated
        p = _people(1)
        p[0, 3, 0] = np.nan
        (d / 'cam01.0003.json').write_text(json.dumps(dict(people=[dict(
            pose_keypoints_2d=[None if np.isnan(v) else v
                               for v in p.ravel().tolist()])])))
        out = read_detections(d)
        self.assertTrue(np.isfinite(out[3]).all())
        self.assertEqual(out[3][0, 3, 2], 0)
        # a wrong layout names the file
        with self.assertRaisesRegex(DetectionFormatError,
                                    r'cam01.0000.json.*25 joints.*18'):
            read_detections(d, num_keypoints=18)

    def test_mmpose_video_and_image(self):
        p = _people(2, K=17)
        info = [dict(frame_id=f, instances=[
            dict(keypoints=x[:, :2].tolist(), keypoint_scores=x[:, 2].tolist(),
                 bbox=[[0, 0, 1, 1]], bbox_score=0.9) for x in p])
                for f in (5, 6)]
        path = self.dir / 'cam.json'
        path.write_text(json.dumps(dict(meta_info={}, instance_info=info)))
        out = read_detections(path)
        self.assertEqual(sorted(out), [5, 6])
        np.testing.assert_allclose(out[5], p, rtol=1e-6)
        path.write_text(json.dumps(dict(meta_info={}, instance_info=[
            dict(keypoints=x[:, :2].tolist(),
                 keypoint_scores=x[:, 2].tolist()) for x in p])))
        self.assertEqual(read_detections(path, 'mmpose')[0].shape,
                         (2, 17, 3))

    def test_coco_results_and_dataset(self):
        p = _people(3, K=17)
        res = [dict(image_id=img, category_id=1, score=0.9,
                    keypoints=x.ravel().tolist())
               for img, x in zip((10, 10, 12), p)]
        path = self.dir / 'res.json'
        path.write_text(json.dumps(res))
        out = read_detections(path)
        self.assertEqual([len(out[0]), len(out[1])], [2, 1])
        np.testing.assert_allclose(out[1][0], p[2], rtol=1e-6)
        ds = dict(images=[dict(id=7), dict(id=3)], annotations=[
            dict(image_id=3, keypoints=(p[0] * [1, 1, 0] + [0, 0, 2]).ravel(
            ).tolist())])
        path.write_text(json.dumps(ds))
        out = read_detections(path, 'coco')
        self.assertEqual((len(out[0]), len(out[1])), (0, 1))
        np.testing.assert_array_equal(out[1][0, :, 2], 1)

    def test_unknown_and_broken(self):
        path = self.dir / 'x.json'
        path.write_text('{"foo": 1}')
        with self.assertRaisesRegex(DetectionFormatError,
                                    r'x.json.*unrecognised'):
            read_detections(path)
        path.write_text('{"people": [')
        with self.assertRaisesRegex(DetectionFormatError,
                                    r'x.json.*invalid JSON'):
            read_detections(path)


class TestRecording(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_camera_count_mismatch(self):
        dets = [{0: _people(1)}] * 3
        with self.assertRaisesRegex(ValueError, r'3 detection inputs but 2 '
                                    r'cameras'):
            MultiViewRecording(_cams(2), dets)

    def test_out_of_sync_detections(self):
        dets = [{f: _people(1) for f in range(5)},
                {f: _people(1) for f in range(4)}]
        with self.assertRaisesRegex(ValueError, r'different detection '
                                    r'frames.*--sync intersect'):
            MultiViewRecording(_cams(2), dets)
        rec = MultiViewRecording(_cams(2), dets, sync='intersect')
        self.assertEqual(len(rec), 4)
        item = rec[0]
        self.assertEqual(item['keypoints_2d'].shape, (2, 1, 25, 3))
        self.assertEqual(tuple(item['cameras'].K.shape), (2, 3, 3))

    def _video(self, path, n, size=(64, 48)):
        w = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'MJPG'), 10,
                            size)
        for i in range(n):
            w.write(np.full((size[1], size[0], 3), i * 20, np.uint8))
        w.release()

    def test_videos_out_of_sync_and_size(self):
        self._video(self.dir / 'a.avi', 5)
        self._video(self.dir / 'b.avi', 4)
        srcs = [open_frame_source(self.dir / n) for n in ('a.avi', 'b.avi')]
        self.assertEqual([len(s) for s in srcs], [5, 4])
        self.assertEqual(srcs[0].read(2).shape, (48, 64, 3))
        with self.assertRaisesRegex(ValueError, r'different frame counts.*'
                                    r'a.avi: 5.*b.avi: 4'):
            MultiViewRecording(_cams(2), frames=srcs,
                               sources=['a.avi', 'b.avi'])
        self.assertEqual(len(MultiViewRecording(_cams(2), frames=srcs,
                                                sync='intersect')), 4)
        with self.assertRaisesRegex(ValueError, r'frames are 64x48 but the '
                                    r'calibration says 32x24'):
            MultiViewRecording(_cams(2, (32, 24)), frames=srcs,
                               sync='intersect')

    def test_unreadable_image_is_a_logged_skip(self):
        for cam in ('c0', 'c1'):
            d = self.dir / cam
            d.mkdir()
            for i in range(2):
                cv2.imwrite(str(d / f'{i:03d}.png'),
                            np.zeros((48, 64, 3), np.uint8))
        (self.dir / 'c1' / '001.png').write_bytes(b'not an image')
        srcs = [open_frame_source(self.dir / c) for c in ('c0', 'c1')]
        rec = MultiViewRecording(_cams(2), frames=srcs)
        with self.assertLogs(MMLogger.get_current_instance(),
                             'WARNING') as log:
            item = rec[1]
        self.assertIsNone(item['img'][1])
        self.assertIsNotNone(item['img'][0])
        self.assertIn('001.png', '\n'.join(log.output))
