"""The stored entities (DESIGN §3), one module per area. Enum-valued columns hold the Chinese term (domain.enums)."""

from jiaomei_desktop.db.models.honor import Honor
from jiaomei_desktop.db.models.mentor import MentorLog, MentorPair
from jiaomei_desktop.db.models.org import OrgUnit
from jiaomei_desktop.db.models.person import MembershipChange, Person
from jiaomei_desktop.db.models.photo import Photo
from jiaomei_desktop.db.models.setting import Setting
from jiaomei_desktop.db.models.study import Attendance, StudySession
from jiaomei_desktop.db.models.zone import ResponsibilityZone

__all__ = [
    "Attendance", "Honor", "MembershipChange", "MentorLog", "MentorPair", "OrgUnit", "Person", "Photo",
    "ResponsibilityZone", "Setting", "StudySession",
]
