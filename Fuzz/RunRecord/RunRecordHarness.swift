import Foundation
import Chapters
import FuzzDriver

/// One input: a `run.json` as the chapters that gather recorded runs read it (training-seeds and the README's
/// results: `RecipeRun.read`; the ablation table: `AblationRun.read` for every row). Any input is a run or nil; a
/// trap is a bug.
@_cdecl("fuzz_run_record_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    runFuzzer(argc, argv) { bytes in
        let data = Data(bytes)
        _ = RecipeRun.read(data, file: "fuzz input")
        for row in AblationRow.all { _ = AblationRun.read(data, row: row, file: "fuzz input") }
    }
}
