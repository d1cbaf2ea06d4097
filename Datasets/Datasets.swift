// Placeholder: IDX, ImageFolder, transforms and the DataLoader land here with the data-set issue.
import DeepLearning
