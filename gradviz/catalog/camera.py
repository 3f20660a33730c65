"""Spanish for the camera's words: following the step, the overview."""

SPANISH = {
    "Camera follows the step": "La cámara sigue el paso",
}
