"""Charter (2): the charter and milestones, sign-offs, requirements and resources, changes.

The README's process steps 1–3 on one screen, one tab each: the project charter (项目章程),
who signed what (签字), each department's requirements (需求清单) and resource
requests (资源需求表), and requirement change approval (变更审批). States are
shown with symbols (store.symbols) as well as words, never by colour alone.

One module per tab (``project``, ``signoffs``, ``needs``, ``changes``), each a
``CharterTab`` (``tab``) owning its table, detail and actions; ``screen`` composes
them. What they show is read by ``store.charter``.
"""

from tui.screens.charter.project import MILESTONE_FIELDS
from tui.screens.charter.screen import CharterScreen
from tui.screens.charter.signoffs import DOCUMENTS

__all__ = ["DOCUMENTS", "MILESTONE_FIELDS", "CharterScreen"]
