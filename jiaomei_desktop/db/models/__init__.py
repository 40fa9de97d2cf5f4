"""The stored entities (docs/design.md §3), one module per area. Enum-valued columns hold the Chinese term (domain.enums)."""

from jiaomei_desktop.db.models.committee import CommitteeRole, PartyDiscipline
from jiaomei_desktop.db.models.contest import ContestEntrant, ContestEvent  # noqa: F401
from jiaomei_desktop.db.models.history import ChangeLog  # noqa: F401  (also registers the change listener)
from jiaomei_desktop.db.models.honor import Honor, HonorCategoryRow
from jiaomei_desktop.db.models.inspection import (  # noqa: F401
    Inspection,
    InspectionDuty,
    InspectionPhoto,
    InspectionTeam,
    InspectionTeamMember,
)
from jiaomei_desktop.db.models.mentor import MentorLog, MentorPair
from jiaomei_desktop.db.models.org import OrgUnit
from jiaomei_desktop.db.models.person import MembershipChange, Person
from jiaomei_desktop.db.models.photo import Photo
from jiaomei_desktop.db.models.post import IdentityPost, IdentityPostMember  # noqa: F401
from jiaomei_desktop.db.models.registers import BranchBrand, InnovationItem, WorkerDeed  # noqa: F401
from jiaomei_desktop.db.models.setting import Setting
from jiaomei_desktop.db.models.standards import StandardAcceptance, StandardAssessment  # noqa: F401
from jiaomei_desktop.db.models.studio import InnovationStudio, InnovationStudioMember  # noqa: F401
from jiaomei_desktop.db.models.study import Attendance, StudyKind, StudyRule, StudySession
from jiaomei_desktop.db.models.supervision import SupervisionNote, SupervisionTask  # noqa: F401
from jiaomei_desktop.db.models.sync import (  # noqa: F401  (registers the sync bookkeeping tables)
    AppliedSegment,
    Handover,
    HandoverProof,
    ImportLog,
    OfficeKey,
    RevokedKey,
    StoredSegment,
    SyncConflict,
    TrustedKey,
)
from jiaomei_desktop.db.models.zone import ResponsibilityZone

__all__ = [
    "Attendance", "CommitteeRole", "Honor", "HonorCategoryRow", "MembershipChange", "MentorLog", "MentorPair", "OrgUnit",
    "PartyDiscipline", "Person", "Photo",
    "ResponsibilityZone", "Setting", "StudyKind", "StudyRule", "StudySession",
]
