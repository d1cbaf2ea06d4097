import Chapters
import Testing
@testable import workbook

/// `workbook training`: `--quick` changes the defaults, and a value given on the command line wins over it.
struct TrainingCommandTests {
    @Test func anExplicitValueWinsOverQuick() throws {
        // 10 epochs is also the default: it was once taken for "not given", and --quick's 1 epoch won.
        let tenEpochs = try TrainingCommand.parse(["--epochs", "10", "--quick"]).options
        #expect(tenEpochs.epochs == 10 && tenEpochs.fitLimit == 6000)
        let allImages = try TrainingCommand.parse(["--quick", "--fit-images", "55000", "--epochs", "2"]).options
        #expect(allImages.epochs == 2 && allImages.fitLimit == 55000)
    }

    @Test func quickAloneAndTheRecipe() throws {
        let quick = try TrainingCommand.parse(["--quick"]).options
        #expect(quick.epochs == 1 && quick.fitLimit == 6000)
        let recipe = try TrainingCommand.parse([]).options
        #expect(recipe.epochs == 10 && recipe.fitLimit == nil)
        let short = try TrainingCommand.parse(["--epochs", "3"]).options
        #expect(short.epochs == 3 && short.fitLimit == nil)
    }

    @Test func checkpointResumeAndClippingOptions() throws {
        let options = try TrainingCommand.parse(["--max-grad-norm", "1.5", "--resume", "runs/a", "--checkpoint-dir", "runs/b"]).options
        #expect(options.maximumGradientNorm == 1.5 && options.resumeDirectory == "runs/a" && options.checkpointDirectory == "runs/b")
        let recipe = try TrainingCommand.parse([]).options
        #expect(recipe.maximumGradientNorm == nil && recipe.resumeDirectory == nil && recipe.checkpointDirectory == nil)
    }
}
