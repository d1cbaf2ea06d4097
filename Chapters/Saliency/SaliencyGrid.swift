import Plotting

/// The chart of a model's maps: one row per example, the image first, then each method's map drawn over it in
/// red to yellow (`ImageGrid.Image.overlay`). Each map is scaled to its own 99th percentile (SmoothGrad's paper
/// clips there: a handful of extreme pixels would otherwise leave the rest of a gradient map invisible) and
/// clipped to 0…1; occlusion's negative drops (parts whose hiding raised p_c) are drawn as 0.
enum SaliencyGrid {
    static func chart(name: String, title: String, examples: SaliencyExamples, images: [[Double]], maps: SaliencyMaps,
                      classNames: [String], side: Int) -> Chart {
        var panels: [ImageGrid.Image] = []
        for (n, example) in examples.examples.enumerated() {
            let caption = "#\(example.index) \(classNames[example.label])"
                + (example.label == example.prediction ? "" : " → \(classNames[example.prediction])")
            panels.append(ImageGrid.Image(width: side, height: side, pixels: images[n], caption: caption))
            for method in SaliencyMethod.allCases {
                panels.append(ImageGrid.Image(width: side, height: side, pixels: images[n], caption: method.label,
                                              overlay: displayed(maps.maps[method]![n])))
            }
        }
        let columns = 1 + SaliencyMethod.allCases.count
        let rows = examples.examples.count
        return Chart(name: name, title: title, content: .images(ImageGrid(images: panels, columns: columns)),
                     width: 190 * columns, height: 60 + 190 * rows)
    }

    /// The map as drawn: max(v, 0) divided by the 99th percentile of the positive values, clipped to 1.
    static func displayed(_ map: [Double]) -> [Double] {
        let positive = map.filter { $0 > 0 }.sorted()
        guard !positive.isEmpty else { return map.map { _ in 0 } }
        let scale = positive[min(positive.count - 1, Int(0.99 * Double(positive.count)))]
        return map.map { min(max($0, 0) / scale, 1) }
    }
}
