import Foundation

/// The golden values that Fixtures/make_transform_fixtures.py computed with torchvision 0.28.0 (torch 2.13.0).
struct TransformFixtures: Decodable {
    struct ResizeCase: Decodable {
        let name: String
        let input_shape: [Int]
        let input: [Float]
        let size: [Int]
        let antialias: Bool
        let output_shape: [Int]
        let output: [Float]
    }

    struct NormalizeCase: Decodable {
        let name: String
        let input_shape: [Int]
        let input: [Float]
        let mean: [Float]
        let std: [Float]
        let output: [Float]
    }

    struct RotateCase: Decodable {
        let name: String
        let input_shape: [Int]
        let input: [Float]
        let degrees: Double
        let output: [Float]
    }

    /// torchvision's RandomErasing.get_params with its draws pinned (scale = (a, a), ratio = (r, r)): the
    /// rectangle's size, or no rectangle.
    struct ErasingSizeCase: Decodable {
        let height: Int
        let width: Int
        let area_fraction: Float
        let ratio: Float
        let log_ratio: Float
        let fits: Bool
        let rectangle_height: Int
        let rectangle_width: Int
    }

    /// F.erase(img, top, left, height, width, values).
    struct EraseCase: Decodable {
        let name: String
        let input_shape: [Int]
        let input: [Float]
        let top: Int
        let left: Int
        let height: Int
        let width: Int
        let values: [Float]
        let output: [Float]
    }

    let resize: [ResizeCase]
    let normalize: [NormalizeCase]
    let rotate: [RotateCase]
    let erasing_sizes: [ErasingSizeCase]
    let erase: [EraseCase]

    static let loaded: TransformFixtures = {
        guard let url = Bundle.module.url(forResource: "transform_fixtures", withExtension: "json",
                                          subdirectory: "Fixtures") else {
            fatalError("Fixtures/transform_fixtures.json is not in the test bundle")
        }
        do {
            return try JSONDecoder().decode(TransformFixtures.self, from: Data(contentsOf: url))
        } catch {
            fatalError("Fixtures/transform_fixtures.json: \(error)")
        }
    }()
}
