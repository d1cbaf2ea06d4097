import ArgumentParser
import Chapters
import Training
import Datasets
import Foundation

/// `workbook export-imagefolder`: Fashion-MNIST as the article's `path/to/train` and `path/to/test` trees.
struct ExportImageFolderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-imagefolder",
        abstract: "Write Fashion-MNIST as ImageFolder trees of PNG files (root/train/<class>/, root/test/<class>/).",
        discussion: """
            The article reads its images with ImageFolder(root='path/to/train'). This writes the 70,000 \
            Fashion-MNIST images in that layout (one folder per class, files named by their index in the split), \
            so that `workbook cnn --train-dir ROOT/train --test-dir ROOT/test` and torchvision read the same images.
            """)

    @Option(help: "The folder that receives train/ and test/.")
    var root = "datasets/fashion-mnist-imagefolder"
    @OptionGroup var data: DataSetOption

    func run() throws {
        let train = try FashionMNIST.load(.train, directory: data.dataDirectory)
        let test = try FashionMNIST.load(.test, directory: data.dataDirectory)
        var bar = ProgressBar(label: "export-imagefolder", total: train.count + test.count, unitName: "img")
        try exportImageFolder([("train", train), ("test", test)], to: root) { written, _ in bar.update(done: written) }
        bar.finish()
        print("wrote \(train.count) training and \(test.count) test images as PNG under \(root)/train and \(root)/test "
              + "(\(train.classNames.count) class folders each)")
        print("train on them: workbook cnn --train-dir \(root)/train --test-dir \(root)/test")
    }
}
