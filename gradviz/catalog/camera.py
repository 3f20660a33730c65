"""Spanish for the camera's words: following the step, the overview, collapsed groups."""

SPANISH = {
    "Camera follows the step": "La cámara sigue el paso",
    "Collapse the groups": "Contraer los grupos",
}
