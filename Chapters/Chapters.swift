// Placeholder: one file per article section lands here.
import DeepLearning
import Datasets
import Plotting
