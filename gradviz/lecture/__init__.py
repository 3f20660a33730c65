"""The lecture's state, without Qt: the `Lecture` (lesson, step, selection, language, theme,
text size) and the `Player` that every page plays its frames with.  Widgets in
`gradviz.app` listen to their `events` and write back into them."""

from gradviz.lecture.events import Event
from gradviz.lecture.player import Player
from gradviz.lecture.state import Inspection, Lecture
