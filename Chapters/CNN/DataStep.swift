/// A step whose options are only `DataStepOptions` (where Fashion-MNIST is, and a seed): `workbook data-audit`,
/// `preprocessing` and `training-step` share one subcommand type for that. What the seed decides differs from
/// step to step, so each says it for `--help`.
public protocol DataStep: ConfigurableStep where Options == DataStepOptions {
    /// The help of `--seed`: what this step draws with it.
    static var seedHelp: String { get }
}
