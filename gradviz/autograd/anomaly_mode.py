"""`gradviz.autograd.anomaly_mode`: ``torch.autograd.anomaly_mode``'s two switches."""

from gradviz.engine.anomaly import detect_anomaly, set_detect_anomaly

__all__ = ["detect_anomaly", "set_detect_anomaly"]
