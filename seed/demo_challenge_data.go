package seed

import "jiebang/domain/challenge"

// demoChallengeSpec is the content of one demo challenge and which demo enterprise posts it.
type demoChallengeSpec struct {
	key        string
	enterprise int // index into DemoAccounts.Enterprises
	patch      challenge.Patch
}

func cStr(s string) *string                  { return &s }
func cInt(n int) *int                        { return &n }
func cFloat(f float64) *float64              { return &f }
func cWan(wan int64) *int64                  { v := wan * 10000 * 100; return &v } // 万元 -> fen
func cMode(m challenge.Mode) *challenge.Mode { return &m }

func cKPI(name string, target float64, unit, cmp, method string) challenge.KPIInput {
	return challenge.KPIInput{Name: name, Target: cFloat(target), Unit: unit, Comparison: cmp, Method: method}
}

// demoChallengeSpecs are realistic challenges from a coastal manufacturing region's industrial clusters
// (electric drives, composites, offshore wind, battery recycling, industrial software, cell therapy
// equipment, power electronics, robot reducers).
var demoChallengeSpecs = []demoChallengeSpec{
	{key: "motor", enterprise: 0, patch: challenge.Patch{
		Title: cStr("新能源汽车用高功率密度永磁同步电机"), Field: cStr("equipment"),
		Background: cStr("我市新能源汽车零部件集群年产驱动电机 60 万台，但峰值功率密度普遍在 4.5 kW/kg 左右，高端车型仍依赖进口电机。重稀土价格波动大，供应链风险突出。"),
		Problem:    cStr("在不使用重稀土（镝、铽）的前提下，将驱动电机峰值功率密度提高到 6.5 kW/kg 以上，并保证 150℃ 工况下的效率与退磁安全裕度。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("峰值功率密度", 6.5, "kW/kg", ">=", "按 GB/T 18488.2 在第三方检测机构台架测试，含壳体重量"),
			cKPI("最高效率", 97, "%", ">=", "GB/T 18488.2 效率 MAP 测试"),
			cKPI("重稀土用量", 0, "g/台", "<=", "物料清单与材料成分检测"),
			cKPI("150℃ 不可逆退磁率", 1, "%", "<=", "高温负载 2 h 后反电势对比"),
		},
		Deliverables:   cStr("工程样机 3 台；电磁与热设计报告；第三方检测报告；小批量工艺文件"),
		DurationMonths: cInt(24), BudgetFen: cWan(1500), GovFundingFen: cWan(500), CofundingFen: cWan(800),
		IPTerms:     cStr("项目形成的知识产权由发榜方与揭榜方共有，发榜方在本市享有优先实施权"),
		Eligibility: cStr("国内高校、科研院所、企业均可揭榜，可组建联合体；不设年龄、职称、学历门槛"),
		Mode:        cMode(challenge.ModeRace), MaxRacers: cInt(3),
	}},
	{key: "carbon", enterprise: 1, patch: challenge.Patch{
		Title: cStr("T800 级碳纤维复合材料低成本快速成型工艺"), Field: cStr("materials"),
		Background: cStr("风电叶片、氢气瓶与轨道交通对 T800 级碳纤维复合材料需求快速增长，现有热压罐工艺周期长、能耗高，制件成本居高不下。"),
		Problem:    cStr("开发非热压罐快速固化成型工艺，使 T800 级复合材料主承力构件的成型周期和制造成本显著下降，同时力学性能满足航空级要求。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("拉伸强度", 2600, "MPa", ">=", "GB/T 3354 第三方检测"),
			cKPI("孔隙率", 1, "%", "<=", "超声 C 扫描与金相法"),
			cKPI("单件成型周期", 45, "min", "<=", "连续 30 件生产记录"),
			cKPI("制造成本降低", 40, "%", ">=", "与现有热压罐工艺成本核算对比"),
		},
		Deliverables:   cStr("成型工艺包一套；示范生产线 1 条；典型构件 100 件"),
		DurationMonths: cInt(18), BudgetFen: cWan(1200), GovFundingFen: cWan(400), CofundingFen: cWan(600),
		IPTerms:     cStr("工艺专利归揭榜方，发榜方获得永久免费实施许可"),
		Eligibility: cStr("具备复合材料中试条件的单位优先；可组建联合体"),
		Mode:        cMode(challenge.ModeSingle),
	}},
	{key: "wind", enterprise: 2, patch: challenge.Patch{
		Title: cStr("15 MW 级海上风电主轴承国产化"), Field: cStr("marine"),
		Background: cStr("海上风电机组大型化趋势明显，15 MW 级主轴承长期依赖进口，交货周期超过 12 个月，成为整机国产化的卡脖子环节。"),
		Problem:    cStr("完成 15 MW 级海上风电双列圆锥滚子主轴承的设计、材料、热处理与试验验证，实现国产替代。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("设计寿命", 25, "年", ">=", "按 ISO 281 与 DNV 规范计算并经台架加速寿命试验验证"),
			cKPI("额定动载荷", 12000, "kN", ">=", "第三方台架试验"),
			cKPI("滚道表面硬度", 58, "HRC", ">=", "抽样硬度检测"),
		},
		Deliverables:   cStr("主轴承样机 2 套；台架试验报告；挂机运行 6 个月记录"),
		DurationMonths: cInt(36), BudgetFen: cWan(3000), GovFundingFen: cWan(1000), CofundingFen: cWan(1500),
		IPTerms:     cStr("双方共有，按投入比例分享收益"),
		Eligibility: cStr("须具备大型轴承试验台或联合具备条件的单位"),
		Mode:        cMode(challenge.ModeRace), MaxRacers: cInt(2),
		Stages: &[]challenge.StageInput{
			{Name: "方案设计", OffsetMonths: 6, FundingSharePct: 20},
			{Name: "样机试制", OffsetMonths: 18, FundingSharePct: 30, KeepTop: cInt(1), MinScore: cInt(65)},
			{Name: "验收", OffsetMonths: 36, FundingSharePct: 30},
		},
	}},
	{key: "battery", enterprise: 1, patch: challenge.Patch{
		Title: cStr("退役动力锂电池高值化回收与材料再生"), Field: cStr("environment"),
		Background: cStr("本地区 2026 年退役动力电池预计超过 3 万吨，现有湿法回收锂回收率偏低、废水处理成本高。"),
		Problem:    cStr("开发短流程、低废水的退役三元与磷酸铁锂电池回收技术，提高锂、镍、钴回收率并实现正极材料直接再生。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("锂回收率", 92, "%", ">=", "连续 3 批次物料衡算，第三方见证"),
			cKPI("镍钴锰综合回收率", 98.5, "%", ">=", "ICP-OES 检测"),
			cKPI("吨电池废水排放", 1.5, "t", "<=", "中试线运行记录"),
		},
		Deliverables:   cStr("千吨级中试线 1 条；再生正极材料送样合格报告"),
		DurationMonths: cInt(24), BudgetFen: cWan(2000), GovFundingFen: cWan(600), CofundingFen: cWan(1000),
		IPTerms: cStr("双方共有"), Eligibility: cStr("不限"), Mode: cMode(challenge.ModeRace), MaxRacers: cInt(3),
	}},
	{key: "software", enterprise: 2, patch: challenge.Patch{
		Title: cStr("面向离散制造的国产工业软件：多物理场 CAE 求解器"), Field: cStr("electronics"),
		Background: cStr("集群内装备企业的结构与电磁仿真几乎全部依赖国外商业软件，授权费用高且存在断供风险。"),
		Problem:    cStr("研发可替代主流商业软件常用功能的结构—热—电磁耦合求解器，并在本企业 3 类典型产品上完成验证。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("与商业软件结果偏差", 3, "%", "<=", "10 个标准算例与 3 个企业算例对比"),
			cKPI("百万单元求解时间", 10, "min", "<=", "相同硬件环境下计时"),
			cKPI("自主可控代码比例", 100, "%", "=", "源代码审计"),
		},
		Deliverables:   cStr("求解器软件 V1.0 及源代码；用户手册；验证报告"),
		DurationMonths: cInt(30), BudgetFen: cWan(1800), GovFundingFen: cWan(600), CofundingFen: cWan(900),
		IPTerms: cStr("软件著作权归揭榜方，发榜方永久免费使用"), Eligibility: cStr("不限"),
		Mode: cMode(challenge.ModeRace), MaxRacers: cInt(3),
	}},
	{key: "cart", enterprise: 2, patch: challenge.Patch{
		Title: cStr("CAR-T 细胞自动化封闭式制备装备与工艺"), Field: cStr("biomedicine"),
		Background: cStr("CAR-T 细胞治疗产品制备高度依赖人工开放操作，批次间差异大、成本高，制约临床可及性。"),
		Problem:    cStr("研制自动化、封闭式 CAR-T 细胞制备一体机，并形成符合 GMP 要求的标准化制备工艺。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("单批次制备周期", 8, "天", "<=", "连续 5 批工艺验证"),
			cKPI("转导效率", 40, "%", ">=", "流式细胞术检测"),
			cKPI("批次间细胞活率差异", 5, "%", "<=", "5 批次统计"),
		},
		Deliverables:   cStr("制备一体机样机 1 台；工艺规程；工艺验证报告"),
		DurationMonths: cInt(24), BudgetFen: cWan(1600), GovFundingFen: cWan(500), CofundingFen: cWan(800),
		IPTerms: cStr("双方共有"), Eligibility: cStr("须具备细胞治疗 GMP 实验条件或联合具备条件的单位"),
		Mode: cMode(challenge.ModeSingle),
	}},
	{key: "sic", enterprise: 0, patch: challenge.Patch{
		Title: cStr("电机控制器用国产 SiC 功率模块"), Field: cStr("electronics"),
		Background: cStr("800 V 高压平台电机控制器需要高可靠 SiC 功率模块，国内产品在功率循环寿命方面与进口产品存在差距。"),
		Problem:    cStr("开发 1200 V / 600 A 车规级 SiC 功率模块及其封装工艺。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("功率循环次数（ΔTj=100K）", 500000, "次", ">=", "AQG 324 功率循环试验"),
			{Name: "导通电阻", Unit: "mΩ", Comparison: "<=", Method: "待与揭榜方确认测试条件"},
		},
		DurationMonths: cInt(24), Mode: cMode(challenge.ModeSingle),
	}},
	{key: "reducer", enterprise: 2, patch: challenge.Patch{
		Title: cStr("工业机器人高精度 RV 减速器寿命提升"), Field: cStr("equipment"),
		Background: cStr("国产 RV 减速器在精度保持性方面与进口产品差距明显。"),
		Problem:    cStr("将国产 RV 减速器精度保持寿命提高到 8000 小时以上。"),
		KPIs: &[]challenge.KPIInput{
			cKPI("精度保持寿命", 8000, "h", ">=", "额定负载连续运行试验"),
			cKPI("回差", 1, "arcmin", "<=", "精密测试台"),
		},
		Deliverables:   cStr("样机 20 台；寿命试验报告"),
		DurationMonths: cInt(18), BudgetFen: cWan(800), GovFundingFen: cWan(300), CofundingFen: cWan(400),
		IPTerms: cStr("双方共有"), Eligibility: cStr("不限"), Mode: cMode(challenge.ModeSingle),
	}},
}
