"""The demo project's content: its departments, people, plan, risks, meetings and charter.

Kept as ``|``-separated tables, one row a line (an indented line continues the
row above), so that the story can be read and changed apart from the generator
(store/demo.py) that turns it into records.
"""

from __future__ import annotations

from dataclasses import dataclass


def _table(columns: int, text: str) -> list[list[str]]:
    """The cells of a ``|``-separated table; an indented line continues the row above."""
    rows: list[str] = []
    for line in text.strip("\n").splitlines():
        if line.startswith(" ") and rows:
            rows[-1] += " " + line.strip()
        elif line.strip():
            rows.append(line.strip())
    cells = [[cell.strip() for cell in row.split("|")] for row in rows]
    for row in cells:
        if len(row) != columns:  # a typo in the tables below: fail at import, in tests
            raise ValueError(f"demo table row needs {columns} cells: {' | '.join(row)}")
    return cells


@dataclass(frozen=True)
class _Dept:
    key: str
    name: str
    description: str
    weights: tuple[int, ...]  # share of each phase's work in the scaled demo
    themes: tuple[str, ...]  # its work packages in the scaled demo


PHASES = (
    "调研 Research",
    "原型 Prototype",
    "开发测试 Develop & test",
    "试产 Pilot production",
    "上市准备 Launch preparation",
)

# One milestone closes each phase: name | description.
MILESTONES = _table(
    2,
    """
需求冻结 Requirements frozen | PRD、定价与产能评估完成 PRD, pricing and capacity agreed
原型评审通过 Prototype approved | EVT 样机与 App 原型通过评审 EVT units and app prototype passed
设计冻结 Design freeze | DVT 测试与认证完成 DVT tests and certification done
试产完成 Pilot run complete | PVT 良率达标 Pilot yield on target
正式上市 Launch | 全渠道开售 On sale in every channel
""",
)

# key | name | description | share of each phase's work (scaled demo) | work packages.
# The first six make the default demo; the scaled one adds the others.
DEPARTMENTS = tuple(
    _Dept(
        key,
        name,
        description,
        tuple(map(int, weights.split())),
        tuple(t.strip() for t in themes.split(";")),
    )
    for key, name, description, weights, themes in _table(
        5,
        """
rd | 研发部 R&D | 硬件、固件与结构设计 Hardware, firmware and mechanical design | 3 5 5 1 1
  | 心率传感器 Heart-rate sensor; 蓝牙协议栈 Bluetooth stack; 电源管理 Power management;
  睡眠监测 Sleep tracking; 显示屏驱动 Display driver; 表带结构 Strap design;
  防水结构 Waterproofing; OTA 升级 OTA updates
mkt | 市场部 Marketing | 品牌、定位与上市传播 Brand, positioning and launch campaign | 3 1 1 1 4
  | 品牌传播 Brand campaign; 发布会 Launch event; KOL 合作 KOL partnerships;
  包装设计 Packaging; 官网内容 Website content; 用户社群 User community
sales | 销售部 Sales | 渠道、定价与销售目标 Channels, pricing and sales targets | 2 1 1 1 4
  | 电商渠道 E-commerce; 线下门店 Retail stores; 运营商渠道 Carrier channel;
  企业客户 Corporate sales; 销售培训 Sales training
prod | 生产部 Production | 供应链、试产与量产 Supply chain, pilot and mass production | 1 2 2 5 2
  | 主板贴片 PCBA; 模具开发 Tooling; 来料检验 Incoming inspection; 产线布局 Line layout;
  包装线 Packaging line; 仓储物流 Warehousing
it | 信息技术部 IT | App、云服务与业务系统 App, cloud services and business systems | 1 2 4 1 2
  | App 功能 App features; 云端接口 Cloud API; 数据平台 Data platform; 订单系统 Order system;
  CRM 集成 CRM integration; 信息安全 Security
cs | 客服部 Customer Service | 售后、培训与用户反馈 After-sales, training and feedback | 1 1 1 2 3
  | 客服知识库 Knowledge base; 工单流程 Ticket workflow; 维修网点 Repair network;
  用户反馈 User feedback
fin | 财务部 Finance | 预算、成本与结算 Budget, costing and settlement | 1 1 1 1 1
  | 预算管控 Budget control; 成本核算 Costing; 结算流程 Settlement
hr | 人力资源部 HR | 招聘、培训与激励 Hiring, training and incentives | 1 1 1 1 1
  | 招聘 Recruiting; 培训体系 Training; 绩效激励 Incentives
design | 设计部 Design | 视觉、包装与界面设计 Visual, packaging and UI design | 1 2 1 1 2
  | 视觉规范 Style guide; 包装视觉 Packaging visuals; App 界面 App UI; 宣传片 Promo video
legal | 法务部 Legal | 合同、隐私与知识产权 Contracts, privacy and IP | 1 1 1 1 1
  | 合同审核 Contract review; 隐私合规 Privacy compliance; 知识产权 IP
quality | 质量部 Quality | 可靠性与出货检验 Reliability and outgoing inspection | 1 1 2 3 1
  | 可靠性验证 Reliability; 供应商质量 Supplier quality; 出货检验 Outgoing QC
purchase | 采购部 Procurement | 物料采购与供应商管理 Sourcing and suppliers | 1 2 2 2 1
  | 芯片采购 Chip sourcing; 结构件采购 Mechanical parts; 包材采购 Packaging materials
""",
    )
)

# department | name | post | duties | login | role (head, interface or pm).
# Customer Service has no interface person: the dashboard flags it.
PEOPLE = _table(
    6,
    """
rd | 李伟 | 研发总监 R&D Director | 技术决策与研发人力 Technical calls, staffing | liwei | head
rd | 陈杰 | 硬件工程师 Hardware Engineer | 原理图与样机 Schematics, prototypes | chenjie
  | interface
rd | 赵磊 | 固件工程师 Firmware Engineer | 固件与低功耗 Firmware, low power | zhaolei |
rd | Emma Clark | 工业设计师 Industrial Designer | 外观与结构 Industrial design | emma.clark |
rd | 刘洋 | 测试工程师 Test Engineer | 可靠性与认证测试 Reliability, certification | |
mkt | 王芳 | 市场总监 Marketing Director | 项目发起人；品牌与预算 Sponsor; brand, budget
  | wangfang | head
mkt | 孙丽 | 产品经理 Product Manager | 需求与卖点 Requirements, selling points | sunli
  | interface
mkt | 杨帆 | 项目经理 Project Manager | 统筹进度、资源与风险 Schedule, resources, risks | tester
  | pm
mkt | Olivia Brown | 品牌经理 Brand Manager | 品牌与包装 Brand and packaging | |
mkt | 周婷 | 数字营销 Digital Marketing | 社媒与 KOL Social media, KOLs | zhouting |
sales | 张敏 | 销售总监 Sales Director | 销售目标与渠道策略 Targets, channels | zhangmin | head
sales | 吴强 | 渠道经理 Channel Manager | 渠道洽谈 Channel talks | wuqiang | interface
sales | James Wilson | 大客户经理 Key Account Manager | 企业与海外客户 Corporate, overseas
  | james.wilson |
sales | 郑浩 | 电商运营 E-commerce Operations | 平台上架与活动 Listings, promotions | |
prod | 黄勇 | 生产总监 Production Director | 产能与质量 Capacity and quality | huangyong | head
prod | 何静 | 供应链经理 Supply Chain Manager | 物料与供应商 Materials, suppliers | hejing
  | interface
prod | 马超 | 工艺工程师 Process Engineer | 产线工艺与治具 Line process, fixtures | |
prod | Daniel Lee | 质量工程师 Quality Engineer | 来料与出货检验 Inspection | |
it | 林涛 | IT 经理 IT Manager | 系统架构与安全 Architecture, security | lintao | head
it | 徐明 | App 开发组长 App Lead | App 开发 App development | xuming | interface
it | Sophie Martin | 后端工程师 Backend Engineer | 云服务与数据 Cloud and data | sophie.martin |
it | 宋佳 | 测试工程师 QA Engineer | App 与接口测试 App and API testing | |
cs | 高霞 | 客服经理 Customer Service Manager | 售后政策与团队 After-sales policy, team
  | gaoxia | head
cs | 罗娜 | 售后专员 After-sales Specialist | 维修流程与备件 Repairs, spare parts | |
cs | Lucas Taylor | 用户体验专员 User Experience | Beta 用户与反馈 Beta users, feedback | |
fin | 胡军 | 财务经理 Finance Manager | 预算审批 Budget approval | hujun | head
fin | 谢丹 | 成本会计 Cost Accountant | 成本核算 Costing | xiedan | interface
hr | 郭红 | 人力资源经理 HR Manager | 人力配置 Staffing | guohong | head
hr | Grace Hall | 招聘专员 Recruiter | 招聘 Hiring | grace.hall | interface
design | 唐宁 | 设计总监 Design Director | 设计评审 Design reviews | tangning | head
design | Chloe Adams | 视觉设计师 Visual Designer | 视觉规范 Style guide | chloe.adams | interface
legal | 冯雪 | 法务经理 Legal Counsel | 合同审批 Contract approval | fengxue | head
legal | 韩冰 | 合规专员 Compliance Officer | 隐私合规 Privacy | hanbing | interface
quality | 曹军 | 质量经理 Quality Manager | 质量体系 Quality system | caojun | head
quality | Noah Scott | 质量工程师 QA Engineer | 供应商质量 Supplier quality | noah.scott
  | interface
purchase | 彭飞 | 采购经理 Purchasing Manager | 采购策略 Sourcing strategy | pengfei | head
purchase | 邓琳 | 采购专员 Buyer | 下单与交期 Orders, lead times | denglin | interface
""",
)

# The project manager: every write of the plan, the charter and the meetings is theirs.
PM_LOGIN = next(row[4] for row in PEOPLE if row[5] == "pm")

# department | requirement | priority | status
REQUIREMENTS = _table(
    4,
    """
rd | 续航 ≥ 7 天（典型使用）Battery life ≥ 7 days in typical use | high | accepted
rd | 防水等级 5ATM Water resistance 5 ATM | high | accepted
mkt | 首发配色：曜石黑、云雾白 Launch colours: obsidian black, mist white | medium | accepted
mkt | 上市前 4 周启动 KOL 预热 KOL teasers from 4 weeks before launch | medium | proposed
sales | 首月销量 ≥ 20,000 台 First-month sales ≥ 20,000 units | high | accepted
sales | 建议零售价 ¥599 Suggested retail price ¥599 | high | proposed
prod | 试产良率 ≥ 95% Pilot yield ≥ 95% | high | accepted
prod | 设计冻结后 6 周内量产 Mass production within 6 weeks of design freeze | medium | accepted
it | App 支持 iOS 15+ 与 Android 10+ App on iOS 15+ and Android 10+ | high | accepted
it | 订单与 CRM 实时同步 Orders sync with the CRM in real time | medium | accepted
cs | 上市前完成客服知识库 Knowledge base ready before launch | medium | accepted
cs | 保修期 12 个月 12-month warranty | high | delivered
fin | BOM 成本 ≤ ¥210 BOM cost ≤ ¥210 | high | accepted
fin | 每月预算执行报告 Monthly budget report | low | accepted
hr | 上市前招聘 6 名客服 Hire 6 agents before launch | medium | proposed
hr | 项目奖金方案 Project bonus scheme | low | proposed
design | 统一视觉规范 One visual style guide | medium | accepted
design | 包装使用环保材料 Recyclable packaging | medium | proposed
legal | 用户隐私协议审核 Privacy policy review | high | accepted
legal | X1 商标注册 Trademark for X1 | medium | delivered
quality | 出货抽检 AQL 0.65 Outgoing inspection AQL 0.65 | high | accepted
quality | 质量问题 48 小时闭环 Quality issues closed within 48 h | medium | accepted
purchase | 关键物料双供应商 Two suppliers for key parts | high | accepted
purchase | 付款周期 60 天 60-day payment terms | low | proposed
""",
)

# department | kind | description | amount | status | resolution. R&D's certification
# budget is the gap still open; Customer Service's gap has its resolution.
RESOURCES = _table(
    6,
    """
rd | equipment | 可靠性试验箱租用 Reliability test chamber rental | 45000 | approved |
rd | budget | 认证测试费用 CCC/CE/FCC certification fees | 180000 | gap |
mkt | budget | 上市传播预算 Launch campaign budget | 1200000 | approved |
mkt | people | 发布会执行 2 人 Two people for the launch event | 2 | requested |
sales | budget | 渠道进场费 Retail listing fees | 300000 | requested |
prod | equipment | 自动化测试治具 8 套 Eight automated test fixtures | 8 | approved |
prod | people | 试产期 10 名产线工人 Ten line operators for the pilot | 10 | requested |
it | people | 2 名 App 测试工程师 Two app test engineers | 2 | approved |
it | equipment | 上市期云服务器扩容 Cloud capacity for launch traffic | 60000 | requested |
cs | people | 上市期 6 名临时客服 Six temporary agents around launch | 6 | gap
  | 从呼叫中心临时调配 6 人，为期 2 个月 Six agents lent by the call centre for two months
fin | people | 成本分析 1 人 One cost analyst | 1 | requested |
hr | budget | 临时用工预算 Temporary staff budget | 90000 | requested |
design | equipment | 色彩校准显示器 2 台 Two calibrated monitors | 2 | approved |
legal | budget | 商标与专利费用 Trademark and patent fees | 50000 | approved |
quality | equipment | 盐雾试验箱 Salt-spray chamber | 1 | requested |
purchase | budget | 芯片备货资金 Chip stock funding | 800000 | requested |
""",
)

# department | done this week | plan for next week | needs from others. A
# department's rows take turns, the last one in last week's meeting.
REPORTS = _table(
    4,
    """
rd | EVT 样机功能测试完成，发现 3 个问题 EVT function tests done, 3 issues found
  | 固件 v0.8 联调；发放 DVT 图纸 Firmware v0.8 integration; release DVT drawings
  | 生产部：DVT 样机 100 台排产 Production: schedule 100 DVT units
rd | 固件 v0.8 完成心率与睡眠模块 Firmware v0.8: heart rate and sleep done
  | 启动可靠性测试 Start reliability tests | 发起人：认证测试预算 Sponsor: certification budget
mkt | 完成品牌定位与卖点 Positioning and selling points done
  | 营销物料策划 Plan marketing collateral
  | 研发部：确认续航宣传口径 R&D: confirm battery-life claims
mkt | KOL 名单初筛 40 人 KOL shortlist of 40 | 包装设计比稿 Packaging design pitch
  | 销售部：各渠道首发数量 Sales: launch quantities per channel
sales | 与 3 家渠道签署意向书 Letters of intent with 3 channels | 定价方案评审 Pricing review
  | 市场部：渠道物料 Marketing: channel collateral
sales | 电商预约页方案 Pre-order page plan | 筹备经销商大会 Prepare the dealer conference
  | 生产部：首批交期 Production: first-batch date
prod | 核心元器件询价完成 Quotes for key parts in | 组装 EVT 样机 Assemble EVT units
  | 研发部：BOM 冻结时间 R&D: BOM freeze date
prod | 模具开模启动 Mould tooling started | DVT 样机排产 Schedule the DVT build
  | 采购：第二供应商资质 Purchasing: second supplier
it | App 交互原型评审通过 App prototype review passed | App 第一个迭代 App sprint 1
  | 研发部：蓝牙协议文档 R&D: Bluetooth protocol spec
it | 云端接口设计完成 Cloud API design done | 订单与 CRM 对接方案 Orders and CRM plan
  | 销售部：电商平台接口账号 Sales: marketplace API accounts
cs | Beta 用户招募 120/200 Beta recruitment 120 of 200
  | 售后服务模式定稿 Finalise the service model | IT：工单系统需求 IT: ticketing requirements
cs | 售后服务模式评审 Service model reviewed | 说明书初稿 Draft the user manual
  | 人手：上市期临时客服 Staff: temporary agents for launch
fin | BOM 成本测算 BOM costing | 预算执行报告 Budget report |
fin | 认证预算评估 Certification budget review | 结算流程 Settlement process |
hr | 客服岗位发布 Agent jobs posted | 面试安排 Schedule interviews |
hr | 培训讲师确认 Trainers confirmed | 入职培训 Onboarding |
design | 包装三稿 Three packaging drafts | 定稿评审 Final review |
design | App 图标定稿 App icon final | 宣传片分镜 Promo storyboard |
legal | 经销合同模板 Distributor contract template | 隐私协议终稿 Final privacy policy |
legal | 商标注册提交 Trademark filed | KOL 合同审核 KOL contracts |
quality | 供应商审核 2 家 Two suppliers audited | DVT 质量计划 DVT quality plan |
quality | 来料检验规范 Incoming inspection spec | 试产质量门 Pilot quality gate |
purchase | 芯片比价 3 家 Chip quotes from 3 vendors | 下单首批物料 Order first parts |
purchase | 第二供应商资质审核 Second supplier audit | 签订框架协议 Frame agreement |
""",
)

# interface person's department | done | next | blockers; rows take turns by day.
UPDATES = _table(
    4,
    """
rd | 修复蓝牙断连问题 Fixed Bluetooth disconnects | 功耗优化 Power tuning |
rd | 完成跌落测试方案 Drop-test plan ready | 准备 DVT 样机 Prepare DVT units |
rd | 心率算法调优 Heart-rate tuning | 评审测试用例 Review test cases
  | 等待模具样件 Waiting for mould samples
mkt | KOL 报价汇总 KOL quotes collected | 发布会场地考察 Visit event venues |
mkt | 卖点文案初稿 Draft selling-point copy | 与设计对稿 Review with design |
mkt | 竞品价格监测 Competitor price watch | 更新定位说明 Update positioning |
sales | 拜访 2 家连锁门店 Visited 2 retail chains | 整理渠道报价 Compare channel offers |
sales | 电商平台开户 Marketplace accounts opened | 预约页文案 Pre-order copy |
sales | 经销商政策初稿 Dealer policy draft | 内部评审 Internal review
  | 等待定价审批 Waiting for pricing approval
prod | 供应商审核 1 家 One supplier audited | 跟进芯片交期 Chase chip lead times |
prod | EVT 物料齐套 EVT parts complete | 安排组装 Book assembly |
prod | 模具 T0 试模 Mould T0 trial | 修模评审 Mould fix review
  | 模具厂产能不足 Mould maker short of capacity
it | 完成设备绑定页面 Device pairing screen done | 同步数据接口 Sync API |
it | 接口文档评审 API docs reviewed | 压测方案 Load-test plan |
it | 修复登录问题 Fixed a login bug | 心率图表 Heart-rate charts |
fin | 月度对账 Monthly reconciliation | 成本复核 Cost review |
hr | 筛选简历 30 份 Screened 30 CVs | 安排面试 Book interviews |
design | 包装稿修改 Packaging revisions | 打样 Print proofs |
legal | 审核 3 份合同 Reviewed 3 contracts | 隐私影响评估 Privacy assessment |
quality | 来料异常 1 单 One incoming defect | 跟进 8D 报告 Follow the 8D report |
purchase | 催交电池 Chased battery delivery | 比价包材 Compare packaging quotes |
""",
)

# Who has not signed what yet (department keys): the dashboard's to-do list.
CHARTER_MISSING = "prod"
CHARTER_OUTDATED = "it"  # signed the first version, not the changed one
CHARTER_ON_BEHALF = "cs"  # the PM signed for the head
ON_BEHALF_REASON = "负责人出差，电话确认 Head travelling; agreed by phone"
COLLABORATION_PENDING = ("prod", "cs")
BASELINE_PENDING = ("sales",)
# Interface persons whose daily update for today is still missing.
UPDATES_MISSING_TODAY = ("prod", "it")

# The default plan: key | phase | department | title | working days | deliverable |
# predecessors as KEY[:TYPE[:LAG]]. M1-M5 are the milestones closing the phases;
# department "pm" means the project manager owns the task.
PLAN = _table(
    7,
    """
K0 | 0 | pm | 项目启动会 Kick-off meeting | 1 | 启动会纪要 Kick-off minutes |
R1 | 0 | mkt | 市场调研与用户访谈 Market research | 8 | 调研报告 Research report | K0
R2 | 0 | mkt | 竞品分析 Competitor analysis | 5 | 竞品对比表 Competitor matrix | R1:SS:2
R3 | 0 | rd | 技术可行性评估 Feasibility study | 7 | 可行性报告 Feasibility report | K0
R4 | 0 | prod | 供应链与产能评估 Supply and capacity | 6 | 产能评估 Capacity review | R3:SS:2
R5 | 0 | sales | 销售渠道调研 Channel survey | 5 | 渠道清单 Channel list | R1:SS:3
R6 | 0 | cs | 售后服务模式调研 After-sales model | 4 | 服务模式方案 Service model | R5:SS:1
R7 | 0 | it | IT 系统现状梳理 IT systems review | 4 | 系统清单 Systems inventory | K0
R8 | 0 | sales | 定价策略初稿 Draft pricing | 3 | 定价方案 Pricing proposal | R2 R5
R9 | 0 | rd | 产品需求文档 Product requirements | 5 | PRD v1.0 | R1 R3:FF:1
M1 | 0 | pm | 需求冻结 Requirements frozen | 0 | | R9 R8 R4
P1 | 1 | rd | 工业设计与外观 Industrial design | 8 | 外观设计稿 ID drawings | M1
P2 | 1 | rd | 硬件原理图设计 Hardware schematics | 8 | 原理图 Schematics | M1
P3 | 1 | rd | 固件架构设计 Firmware architecture | 5 | 架构文档 Architecture doc | M1
P4 | 1 | it | App 交互原型 App UX prototype | 7 | 交互原型 Clickable prototype | M1
P5 | 1 | prod | 核心元器件选型 Key parts sourcing | 8 | BOM v0.9 | P2:SS:3
P6 | 1 | prod | EVT 样机制作 EVT build | 6 | EVT 样机 20 台 20 EVT units | P1 P2 P5:FF
P7 | 1 | rd | 样机功能测试 Prototype testing | 5 | 测试报告 Test report | P6
P8 | 1 | mkt | 品牌定位与卖点 Positioning | 5 | 定位说明 Positioning brief | M1
P9 | 1 | cs | Beta 用户招募 Beta recruitment | 5 | 200 名 Beta 用户 200 beta users | P8
P10 | 1 | sales | 渠道合作洽谈 Channel partner talks | 25 | 意向书 Letters of intent | R8 P8:SS:2
P11 | 1 | prod | 模具开发 Mould tooling | 25 | 量产模具 Production moulds | P1
M2 | 1 | pm | 原型评审通过 Prototype approved | 0 | | P7 P4
D1 | 2 | rd | 固件开发 Firmware development | 15 | 固件 v1.0 Firmware v1.0 | M2 P3
D2 | 2 | it | App 开发 App development | 15 | App 测试版 App beta | M2
D3 | 2 | it | 云端服务开发 Cloud services | 12 | 接口与数据平台 API, data platform | D2:SS:3
D4 | 2 | prod | DVT 样机制作 DVT build | 8 | DVT 样机 100 台 100 DVT units | M2
D5 | 2 | rd | 可靠性测试 Reliability tests | 8 | 可靠性报告 Reliability report | D4
D6 | 2 | rd | 续航测试 Battery-life tests | 6 | 续航报告 Battery report | D5:SS:2
D7 | 2 | rd | 认证测试 Certification CCC/CE/FCC | 15 | 认证证书 Certificates | D5
D8 | 2 | it | 订单与 CRM 对接 Orders and CRM | 10 | 联调报告 Integration report | D3:SS:5
D9 | 2 | rd | 系统集成测试 System integration | 6 | 集成测试报告 Test report | D1 D2 D3
D10 | 2 | cs | 用户 Beta 试用 Beta programme | 10 | 试用反馈 Beta feedback | D9 P9
D11 | 2 | rd | 问题修复与回归 Fixes and regression | 8 | 回归报告 Regression report | D10:SS:4
D12 | 2 | mkt | 营销物料策划 Marketing collateral | 25 | 物料清单 Collateral list | P8
M3 | 2 | pm | 设计冻结 Design freeze | 0 | | D11 D7 D6
T1 | 3 | prod | 生产线调试 Line set-up | 8 | 产线验收单 Line acceptance | M3:FS:-3 D4
T2 | 3 | prod | 物料采购 Material purchasing | 10 | 采购订单 Purchase orders | M3
T3 | 3 | prod | PVT 小批量试产 Pilot run | 6 | 试产 1,000 台 1,000 pilot units | T1 T2
T4 | 3 | prod | 质量检验与良率 QC and yield | 5 | 良率报告 Yield report | T3
T5 | 3 | mkt | 包装设计与印刷 Packaging | 8 | 包装成品 Printed packaging | M3
T6 | 3 | cs | 说明书与保修卡 Manual and warranty | 5 | 说明书定稿 Final manual | M3
T7 | 3 | cs | 售后维修流程 Repair process | 6 | 维修流程 Repair SOP | T6:SS:2
T8 | 3 | prod | 备件计划 Spare parts plan | 4 | 备件清单 Spare parts list | T4:SS:2
T9 | 3 | sales | 经销合同签订 Distributor contracts | 6 | 合同 Contracts | P10 M3
M4 | 3 | pm | 试产完成 Pilot run complete | 0 | | T4
L1 | 4 | mkt | 上市营销方案 Launch campaign plan | 6 | 营销方案 Campaign plan | D12 T5:SS:2
L2 | 4 | mkt | 媒体与 KOL 预热 Media and KOL teasers | 10 | 传播排期 Media calendar | L1
L3 | 4 | mkt | 发布会筹备 Launch event | 10 | 执行方案 Event run sheet | L1:SS:3
L4 | 4 | prod | 首批量产 First production batch | 15 | 2 万台成品 20,000 units | M4
L5 | 4 | sales | 电商渠道上架 E-commerce listings | 5 | 商品页上线 Listings live | T9 T5
L6 | 4 | sales | 线下渠道铺货 Retail distribution | 10 | 铺货清单 Store list | L4:FF:3
L7 | 4 | sales | 销售培训 Sales training | 3 | 培训记录 Training records | L5:SS
L8 | 4 | cs | 客服培训与知识库 Agent training | 5 | 知识库 Knowledge base | T7
L9 | 4 | it | 工单系统上线 Ticketing go-live | 6 | 工单系统 Ticketing system | D8 L8:SS:2
L10 | 4 | it | 官网与应用商店 Website and app store | 4 | 上线页面 Live pages | D11 L1
L11 | 4 | pm | 上市前检查 Go/no-go review | 1 | 检查清单 Checklist | L3 L6 L9 L10
M5 | 4 | pm | 正式上市 Launch | 0 | | L11
L12 | 4 | sales | 首月销售跟踪 First-month sales | 20 | 销售周报 Weekly sales reports | M5
L13 | 4 | pm | 上市复盘 Launch retrospective | 2 | 复盘报告 Retrospective | L12
""",
)

# Slips the default plan prefers when today allows them: a side task finished
# late, a running one that will end late, and the mould tooling, blocked by the
# risk that occurred.
PREFERRED_SLIPS = {"done": ("R6", "R7"), "doing": ("D12", "P10"), "blocked": ("P11",)}

# title | description | probability | impact | level (without both) | owner's
# department | strategy | response | trigger | status | linked task.
RISKS = _table(
    11,
    """
关键芯片供货延迟 Key chip supply delay | 主控芯片交期已到 10 周 MCU lead time is now 10 weeks
  | 4 | 5 | | prod | mitigate | 认证第二供应商，提前 8 周备货 Second supplier; stock 8 weeks
  | 交期 > 6 周 Lead time over 6 weeks | open | P5
模具供应商产能不足 Mould maker short of capacity | | 4 | 4 | | prod | mitigate
  | 备选模具厂报价 Quote from a back-up mould maker | T0 试模推迟 T0 trial slips | open | P11
认证一次不通过 Certification fails first time | | 3 | 4 | | rd | mitigate
  | 送检前做预测试 Pre-test before submitting | 预测试不通过 Pre-test fails | open | D7
续航不达标 Battery life below 7 days | | 3 | 5 | | rd | mitigate
  | 功耗专项优化 Power task force | DVT 续航 < 7 天 DVT battery under 7 days | watching | D6
核心固件工程师离职 Key firmware engineer leaves | | 2 | 4 | | rd | mitigate
  | 结对开发并补齐文档 Pair work and documentation | 提出离职 Resignation | open |
竞品上市前降价 Competitor cuts prices | | 3 | 3 | | sales | accept
  | 准备首发赠品方案 Launch bundle ready | 竞品降价 > 10% Price cut over 10% | watching |
首发铺货不足 Too little stock in stores at launch | | | | high | sales | transfer
  | 与经销商约定保底库存 Minimum stock agreed with distributors | | open | L6
App 审核被拒 App store review rejected | | 2 | 3 | | it | mitigate
  | 提前两周提交审核 Submit two weeks early | | open | L10
发布会场地冲突 Launch venue double-booked | | 1 | 3 | | mkt | avoid
  | 提前锁定场地 Book the venue early | | closed | L3
上市期客服人手不足 Too few agents at launch | | | | medium | cs | escalate
  | 申请临时调配客服 Ask for temporary agents | 日咨询量 > 2,000 Over 2,000 contacts a day
  | open | L8
个人数据合规 Personal data compliance | | 2 | 5 | | it | avoid
  | 数据最小化并做法务审查 Collect less; legal review | | open |
汇率波动推高成本 Exchange rates raise BOM cost | | 2 | 2 | | prod | accept | | | watching |
包装印刷色差 Packaging colour mismatch | | | | low | mkt | mitigate
  | 首批打样确认 Approve print proofs | | closed | T5
""",
)
OCCURRED_RISK = 1  # the mould maker: it happened
OCCURRED_ISSUE = (
    "模具交付推迟两周 Mould delivery two weeks late",
    "模具厂产能被大客户占用；评估备选模具厂并调整 DVT 计划。The mould maker's capacity went "
    "to a larger customer; assess the back-up maker and re-plan DVT.",
)

# The scaled demo's other risks: title | probability | impact | strategy | response | trigger.
RISK_TEMPLATES = _table(
    6,
    """
供应商交期延误 Supplier delivery late | 3 | 4 | mitigate | 锁定备选供应商 Line up an alternative
  | 交期晚 5 天 Five days late
关键人员不可用 Key person unavailable | 2 | 4 | mitigate | AB 角备份 Name a backup
  | 请假 > 3 天 Away over 3 days
需求变更 Requirement change | 3 | 3 | escalate | 走变更审批 Through change approval
  | 新需求 New requirement
测试发现严重缺陷 Severe defect in testing | 2 | 5 | mitigate | 提前联调 Integrate early
  | 严重缺陷 ≥ 3 Three severe defects
预算超支 Budget overrun | 2 | 3 | avoid | 每周核对支出 Check spend weekly | 超支 10% 10% over
外部审批延迟 External approval late | 3 | 2 | accept | 预留缓冲 Keep a buffer
  | 审批 > 2 周 Approval over 2 weeks
交接不清 Unclear hand-over | 3 | 2 | mitigate | 接口人每日同步 Interface persons sync daily
  | 交付物被退回 Deliverable returned
设备故障 Equipment breakdown | 1 | 4 | transfer | 维保合同 Maintenance contract
  | 停机 > 1 天 Down over a day
质量不达标 Quality below target | 2 | 4 | mitigate | 增加抽检 More sampling
  | 良率 < 95% Yield under 95%
第三方接口不稳定 Third-party API unstable | 2 | 2 | accept | 重试与降级 Retries and fallback
  | 错误率 > 1% Errors over 1%
""",
)

# Items of the weekly meetings: meeting | kind | text | owner's department | due in
# working days. Meeting -1 is last week's, -2 the one before; older meetings of
# the scaled demo cycle through them. Last week's first action became a task.
WEEKLY_ITEMS = _table(
    5,
    """
-4 | decision | App 与固件每周联调一次 App and firmware integrate weekly | |
-4 | action | 整理联调问题清单 Collect integration issues | it | 3
-3 | decision | BOM 冻结前不再新增功能 No new features before the BOM freeze | |
-3 | action | 评估新增需求影响 Assess the impact of new requests | rd | 4
-2 | decision | EVT 问题在 DVT 前全部关闭 Close every EVT issue before DVT | |
-2 | action | 联系第二家模具供应商 Contact a second mould maker | prod | 5
-2 | action | 提交 Beta 用户名单 Send the beta tester list | cs | 3
-1 | decision | 认证预算缺口上报发起人 Escalate the certification budget gap to the sponsor | |
-1 | action | 提交认证预算申请 File the certification budget request | rd | 3
-1 | action | 客服部指定接口人 Customer Service names an interface person | cs | 5
""",
)
# The weekly meeting's points after the department reports.
WEEKLY_AGENDA = (
    "上次的行动项 Actions from last time",
    "决议及其他事项 Decisions and other business",
)
KICKOFF_AGENDA = (
    ("目标与范围 Goal and scope", 30),
    ("里程碑 Milestones", 20),
    ("各部门职责分工 Duties by department", 25),
    ("风险与待解答问题 Risks and open questions", 15),
)
KICKOFF_ITEMS = _table(
    4,
    """
decision | 目标：上市首月销量 ≥ 20,000 台 Goal: 20,000 units in the first month | |
decision | 周例会：每周二 10:00，60 分钟 Weekly meeting: Tuesdays 10:00, 60 minutes | |
note | 客服部接口人待定 Customer Service's interface person still to be named | |
action | 各部门提交需求与资源需求 Departments send requirements and resource needs | pm | 4
""",
)

# The scaled demo's extra people and work-package steps.
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
GIVEN_NAMES, FIRST_NAMES, LAST_NAMES, POSTS = (
    row[0].split(", ")
    for row in _table(
        1,
        """
伟, 芳, 娜, 敏, 静, 丽, 强, 磊, 军, 洋, 勇, 艳, 杰, 娟, 涛, 明, 超, 霞, 平, 刚, 浩, 宇, 欣, 佳,
  晨, 凯, 琳, 鹏, 华, 婷, 博, 瑞, 思远, 子涵, 雨桐, 一鸣, 嘉怡, 俊杰, 晓东, 文静
Emma, Olivia, Ava, Mia, Amelia, Harper, Lily, Grace, Chloe, Zoe, Liam, Noah, Oliver, Ethan,
  Lucas, Mason, Logan, Jack, Henry, Leo, Ryan, Adam, Nora, Ella, Isaac
Smith, Johnson, Brown, Taylor, Anderson, Thomas, Moore, Martin, Jackson, White, Harris, Clark,
  Lewis, Walker, Hall, Allen, Young, King, Wright, Scott, Green, Baker, Adams, Nelson, Hill
工程师 Engineer, 专员 Specialist, 主管 Supervisor, 分析师 Analyst, 助理 Assistant
""",
    )
)
# Steps of a work package: title | deliverable.
STEPS = _table(
    2,
    """
需求分析 Analysis | 需求说明 Spec
方案设计 Design | 设计文档 Design doc
设计评审 Review | 评审记录 Review notes
实现 Build | 交付件 Build
联调 Integration | 联调记录 Integration log
测试 Test | 测试报告 Test report
问题修复 Fixes | 修复清单 Fix list
文档 Docs | 使用文档 Documentation
验收 Acceptance | 验收单 Acceptance sheet
""",
)
# Scaled plan: each phase's share of the tasks and its window in the project span.
PHASE_SHARE = (0.12, 0.18, 0.35, 0.2, 0.15)
PHASE_WINDOW = ((0.0, 0.2), (0.15, 0.4), (0.3, 0.7), (0.55, 0.85), (0.75, 1.0))

PROJECT_NAME = "智能手环 X1 新品上市 Smart Band X1 launch"
CHARTER = {
    "background": (
        "智能穿戴市场年增长超过 20%，现有手环产品线老化，竞品已推出血氧与长续航机型。"
        "市场部发起 X1 新品上市，研发、生产、销售、IT 与客服共同完成。\n"
        "Wearables grow over 20% a year; our band line is ageing while competitors ship SpO2 "
        "and long battery life. Marketing sponsors the X1 launch with R&D, Production, Sales, "
        "IT and Customer Service."
    ),
    "goal": (
        "在 {launch} 前推出智能手环 X1，以 ¥599 抢占中端市场。\n"
        "Launch the Smart Band X1 by {launch} at ¥599 to win the mid-range market."
    ),
    "expected_results": (
        "· 首月销量 ≥ {units} 台 First-month sales ≥ {units} units\n"
        "· 试产良率 ≥ 95% Pilot yield ≥ 95%\n"
        "· 上市 3 个月内退货率 < 2% Returns under 2% in the first 3 months\n"
        "· App 商店评分 ≥ 4.5 App store rating ≥ 4.5"
    ),
    "scope_in": (
        "手环硬件、固件、配套 App 与云服务；国内电商与线下渠道首发；售后服务体系。\n"
        "Band hardware, firmware, companion app and cloud; launch in domestic online and "
        "retail channels; after-sales service."
    ),
    "scope_out": (
        "海外上市（下一期）；企业定制版；儿童款。\n"
        "Overseas launch (next phase); corporate editions; a kids' model."
    ),
    # One criterion a line: a review meeting judges each line.
    "success_criteria": (
        "按期上市且首月销量达标 On-time launch, first-month sales met\n"
        "各部门交付物通过验收 Every department's deliverables accepted\n"
        "质量与客诉指标达标 Quality and complaint targets met"
    ),
}
