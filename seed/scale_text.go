package seed

import (
	"math/rand/v2"
	"strings"
)

// The scale seed writes text from these phrases: realistic in shape (Chinese technical prose with numbers and
// Latin abbreviations), varied enough for search to have common and rare terms.
var (
	scaleSubjects = []string{"永磁同步电机", "海上风电主轴承", "车规级功率芯片", "退役锂电池", "氢燃料电池电堆", "工业机器人减速器",
		"高温合金叶片", "碳纤维复合材料", "光伏组件", "生物降解材料", "细胞治疗制剂", "智能传感器", "激光雷达", "数控机床主轴",
		"储能变流器", "污水处理膜", "海洋浮标", "农业无人机", "大模型推理芯片", "工业软件内核"}
	scaleVerbs   = []string{"研制", "关键技术攻关", "国产化替代", "工程化应用", "可靠性提升", "成本降低", "中试验证", "产业化示范"}
	scalePhrases = []string{"在不使用进口核心部件的条件下", "现有产品的效率与寿命与国外先进水平差距明显", "企业已建成小批量试制线",
		"需要在两年内完成工程样机并通过第三方检测", "关键指标包括功率密度、效率、噪声与温升", "揭榜方应具备台架试验与中试能力",
		"项目成果须在发榜企业产线上完成验证", "鼓励产学研联合体揭榜", "核心难点在于材料、工艺与控制算法的协同优化",
		"目前样品在高温高湿环境下性能衰减超过 15%", "国内同类产品良品率约为 82%", "年需求量超过 12 万台套",
		"采用 GB/T 18488 规定的试验方法", "需兼容现有 CAN 与 EtherCAT 接口", "全生命周期成本需下降 30% 以上",
		"应形成自主知识产权并申请发明专利不少于 5 项", "数据须接入省级工业互联网平台", "满足 IEC 61400 系列标准要求",
		"须提交完整的失效模式与影响分析报告", "关键工序的过程能力指数 Cpk 不低于 1.33", "系统平均无故障时间不少于 8000 小时",
		"应对原材料价格波动与供应链风险", "在 -40℃ 至 85℃ 范围内稳定工作", "单位产品能耗降低 20%"}
	scaleOrgWords = []string{"东方", "海天", "甬江", "天工", "华东", "之江", "钱塘", "明州", "瓯越", "会稽", "太湖", "新安", "南湖", "北仑", "舟山"}
	scaleIndustry = []string{"电机", "新材料", "智能装备", "新能源", "生物医药", "电子信息", "环保科技", "海洋工程", "农业科技", "精密机械"}
	scaleSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
	scaleGiven    = []string{"伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "勇", "军", "杰", "涛", "明", "超", "华", "平", "刚", "琳", "晨", "宇"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// scaleParagraph writes about n bytes of prose about subject.
func scaleParagraph(r *rand.Rand, subject string, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(subject)
		b.WriteString(pick(r, scalePhrases))
		b.WriteString("，")
		b.WriteString(pick(r, scalePhrases))
		b.WriteString("。")
	}
	return b.String()
}

func scalePerson(r *rand.Rand) string {
	return pick(r, scaleSurnames) + pick(r, scaleGiven) + pick(r, scaleGiven)
}
