/// A section of the article, by its number and its Chinese heading exactly as the article prints it, so that the
/// passage can be found in any copy (Chapters/README.md maps every section to its step).
public struct ArticleSection: Sendable, Hashable {
    /// "4.1", "5.2.2": the chapter is the first number.
    public let number: String
    /// The heading without its number, e.g. "梯度下降（Gradient Descent）".
    public let title: String

    public init(_ number: String, _ title: String) {
        self.number = number
        self.title = title
    }

    /// The article's top-level section: `make chapter-N` and `workbook chapter N` run every step of it.
    public var chapter: Int { Int(number.prefix { $0 != "." }) ?? 0 }
    /// "4.1 梯度下降（Gradient Descent）": what chart titles and `workbook list` show.
    public var heading: String { "\(number) \(title)" }
}

extension ArticleSection {
    public static let computeResources = ArticleSection("2.1", "计算资源")
    public static let dataSet = ArticleSection("2.2", "数据集")
    public static let modelArchitecture = ArticleSection("2.3", "模型架构")
    public static let dataPreprocessing = ArticleSection("3.2", "数据预处理")
    public static let modelBuilding = ArticleSection("3.3", "模型构建")
    public static let trainingProcess = ArticleSection("3.4", "训练过程")
    public static let evaluationProcess = ArticleSection("3.5", "评估过程")
    public static let gradientDescent = ArticleSection("4.1", "梯度下降（Gradient Descent）")
    public static let adam = ArticleSection("4.2", "优化算法：Adam")
    public static let preTrainingAndFineTuning = ArticleSection("4.3", "预训练和微调（Pre-training and Fine-tuning）")
    public static let lossFunction = ArticleSection("4.4", "损失函数（Loss Function）")
    public static let environmentSetup = ArticleSection("5.1", "开发环境搭建")
    public static let projectPreprocessing = ArticleSection("5.2.1", "数据预处理")
    public static let modelDefinition = ArticleSection("5.2.2", "模型定义")
    public static let modelTraining = ArticleSection("5.2.3", "模型训练")
    public static let codeAnalysis = ArticleSection("5.3.1", "代码分析")
    public static let codeStrengthsAndWeaknesses = ArticleSection("5.3.2", "代码优缺点")
    public static let improvements = ArticleSection("5.3.3", "改进措施")
    public static let relatedPapers = ArticleSection("7.3", "相关论文著作推荐")
    public static let copingStrategies = ArticleSection("8.3", "应对策略")
    public static let architectureChoice = ArticleSection("9.1", "如何选择合适的大模型架构？")
    public static let howMuchData = ArticleSection("9.2", "大模型训练需要多少数据？")
    public static let trainingTime = ArticleSection("9.3", "如何优化大模型训练时间？")
    public static let fairness = ArticleSection("9.4", "大模型如何保证公平性？")
    public static let computeRequirements = ArticleSection("9.5", "大模型训练对计算资源的要求？")
    public static let suggestedPapers = ArticleSection("10.2", "建议阅读论文")
}
