"""Makes the independent viewer's wire modules importable here: the cloud header, candidates and blobs
(cloud_wire), camera IDs (camera_id), the Noise symmetric state (handshake) and sealed session
packets (session_packets) are the same bytes for both ends, so the camera takes them from there."""

import os
import sys

VIEWER_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "independent-viewer")
if VIEWER_DIR not in sys.path:
    sys.path.insert(0, VIEWER_DIR)
