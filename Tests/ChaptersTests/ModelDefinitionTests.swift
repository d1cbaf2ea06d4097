import Testing
import DeepLearning
@testable import Chapters

/// §5.2.2: the article's CNN as written, its shape error and its parameter counts.
struct ModelDefinitionTests {
    @Test func theArticlesFirstBatchFailsAtFC1WithAClearMessage() {
        // 224 → pool → 112 → pool → 56: the flattened map has 128·56·56 = 401408 features; fc1 expects 128·28·28 = 100352.
        let error = ModelDefinition.shapeError(ModelDefinition.model(), inputShape: [64, 3, 224, 224])
        #expect(error?.description == "fc1: expected 100352 input features, got 401408 (input 64×128×56×56)")
        // At 112 px the map is 28×28 and the model as written fits.
        #expect(ModelDefinition.shapeError(ModelDefinition.model(), inputShape: [64, 3, 112, 112]) == nil)
    }

    @Test func parameterCountsFollowTheirClosedForms() throws {
        // Conv: in·out·3·3 + out; linear: in·out + out.
        // As written: 3·64·9+64 = 1,792; 64·128·9+128 = 73,856; 100,352·128+128 = 12,845,184; 128·10+10 = 1,290.
        let asWritten: Int = 1_792 + 73_856 + 12_845_184 + 1_290
        #expect(asWritten == 12_922_122)
        #expect(ModelDefinition.parameterCount(inputChannels: 3, fc1InputFeatures: 100_352) == asWritten)
        // fc1 sized to 56×56: 401,408·128+128 = 51,380,352 → 51,457,290.
        #expect(ModelDefinition.parameterCount(inputChannels: 3, fc1InputFeatures: 401_408) == 51_457_290)
        // 28×28 gray: 1·64·9+64 = 640; 73,856; 6,272·128+128 = 802,944; 1,290 → 878,730.
        #expect(ModelDefinition.parameterCount(inputChannels: 1, fc1InputFeatures: 6_272) == 878_730)
        // The built models agree with the closed forms.
        let built = try ModelSummary(of: ModelDefinition.model(), inputShape: [1, 3, 112, 112]).totalParameterCount
        #expect(built == 12_922_122)
        let adapted = try ModelSummary(of: ModelDefinition.model(inputChannels: 1, fc1InputFeatures: 6272),
                                       inputShape: [1, 1, 28, 28]).totalParameterCount
        #expect(adapted == 878_730)
    }

    @Test func errataThreeAndFourAreConfirmedLive() {
        let checks = ModelDefinitionStep.errataChecks
        #expect(checks.map(\.erratum) == [3, 4])
        for check in checks { #expect(check.evaluate().confirmed, "erratum \(check.erratum)") }
        let counts: [String: Int] = ModelDefinition.layerCounts(ModelDefinition.model())
        let expected: [String: Int] = ["Conv2d": 2, "ReLU": 3, "MaxPool2d": 2, "Flatten": 1, "Linear": 2]
        #expect(counts == expected)
    }
}
