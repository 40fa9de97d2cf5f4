"""Controlled vocabularies. Values are the Chinese terms the users and their Excel sheets use; they are stored as-is."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    GROUP_COMMITTEE = "集团党委"
    COMMITTEE = "基层党委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    PARTY_GROUP = "党小组"


# Which kinds may sit directly under which: keeps the tree shaped like a real party organisation.
ALLOWED_CHILDREN: dict[UnitKind, tuple[UnitKind, ...]] = {
    UnitKind.GROUP_COMMITTEE: (UnitKind.COMMITTEE, UnitKind.GENERAL_BRANCH, UnitKind.BRANCH),
    UnitKind.COMMITTEE: (UnitKind.GENERAL_BRANCH, UnitKind.BRANCH),
    UnitKind.GENERAL_BRANCH: (UnitKind.BRANCH,),
    UnitKind.BRANCH: (UnitKind.PARTY_GROUP,),
    UnitKind.PARTY_GROUP: (),
}


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class PoliticalStatus(StrEnum):
    """政治面貌. 入党积极分子 and 发展对象 are no 政治面貌 but steps of 发展党员 (DevelopmentStage) of a 群众 or
    共青团员; stores before revision 0018 held them here (db migration 0018 and sync.legacy move them)."""

    FULL_MEMBER = "正式党员"
    PROBATIONARY = "预备党员"
    YOUTH_LEAGUE = "共青团员"  # a non-member the roster holds (a young worker, a mentee): 政治面貌 as 党内统计 writes it
    MASSES = "群众"

    @property
    def is_member(self) -> bool:
        return self in (PoliticalStatus.FULL_MEMBER, PoliticalStatus.PROBATIONARY)


class DevelopmentStage(StrEnum):
    """发展阶段 of a non-member on the way into the party, as 中国共产党发展党员工作细则 orders the steps: 入党申请人
    (第二章 第五至七条: a written application), 入党积极分子 (第八条: chosen among applicants by the 支部委员会),
    发展对象 (第三章 第十三条: after more than a year as 积极分子). Admission makes a 预备党员 (第四章), whose
    发展阶段 is then over: 政治面貌 says the rest."""

    APPLICANT = "入党申请人"
    ACTIVIST = "入党积极分子"
    TARGET = "发展对象"


class MembershipState(StrEnum):
    ACTIVE = "在册"
    TRANSFERRED_OUT = "转出"
    EXPELLED = "出党"
    DECEASED = "去世"


class ExitKind(StrEnum):
    """The ways a person leaves the party (出党), as 党章 第九条 and 第四十一条 and 发展党员工作细则 第二十九条
    name them; 出党 records one of these, with the details in its reason."""

    EXPELLED = "开除党籍"
    REMOVED = "除名"
    LAPSED = "自行脱党"
    WITHDREW = "退党"
    PROBATION_CANCELLED = "取消预备党员资格"


class Education(StrEnum):
    POSTGRADUATE = "研究生"
    BACHELOR = "大学本科"
    JUNIOR_COLLEGE = "大学专科"
    TECHNICAL_SECONDARY = "中专"
    HIGH_SCHOOL = "高中"
    TECHNICAL_SCHOOL = "技工学校"
    JUNIOR_HIGH = "初中"
    PRIMARY = "小学"


class SessionKind(StrEnum):
    GENERAL_MEETING = "支部党员大会"
    COMMITTEE_MEETING = "支委会"
    GROUP_MEETING = "党小组会"
    PARTY_LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE_MEETING = "组织生活会"
    DEMOCRATIC_REVIEW = "民主评议党员"
    CENTRAL_GROUP_STUDY = "中心组学习"
    SAFETY_STUDY = "安全生产学习"
    TECH_TRAINING = "技术培训"


class LectureForm(StrEnum):
    MICRO = "微型党课"
    ON_SITE = "现场党课"
    LEADING_CADRE = "领导干部讲党课"
    ROTATING = "党员轮流讲党课"


class AttendanceStatus(StrEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


class PairState(StrEnum):
    ACTIVE = "进行中"
    COMPLETED = "已出师"
    TERMINATED = "终止"


class HonorLevel(StrEnum):
    NATIONAL = "国家级"
    PROVINCIAL = "省部级"
    MUNICIPAL = "市厅级"
    GROUP = "集团级"
    MINE = "矿级"


HONOR_LEVEL_RANK: dict[HonorLevel, int] = {level: rank for rank, level in enumerate(HonorLevel)}


class HonorCategory(StrEnum):
    MODEL_WORKER = "劳动模范"
    OUTSTANDING_MEMBER = "优秀共产党员"
    OUTSTANDING_PARTY_WORKER = "优秀党务工作者"
    ADVANCED_INDIVIDUAL = "先进个人"
    TECHNICAL_EXPERT = "技术能手"
    ADVANCED_COLLECTIVE = "先进集体"
    LABOUR_MEDAL = "劳动奖章"  # 五一劳动奖章: an award of the 总工会, not a 劳动模范 title


ETHNICITIES: tuple[str, ...] = (
    "汉族", "回族", "满族", "蒙古族", "壮族", "藏族", "维吾尔族", "苗族", "彝族", "土家族", "朝鲜族", "侗族", "瑶族",
    "白族", "哈尼族", "哈萨克族", "黎族", "傣族", "畲族", "傈僳族", "东乡族", "仡佬族", "拉祜族", "佤族", "水族",
    "纳西族", "羌族", "土族", "仫佬族", "锡伯族", "柯尔克孜族", "景颇族", "达斡尔族", "撒拉族", "布朗族", "毛南族",
    "塔吉克族", "普米族", "阿昌族", "怒族", "鄂温克族", "京族", "基诺族", "德昂族", "保安族", "俄罗斯族", "裕固族",
    "乌孜别克族", "门巴族", "鄂伦春族", "独龙族", "赫哲族", "高山族", "珞巴族", "塔塔尔族", "布依族",
)
