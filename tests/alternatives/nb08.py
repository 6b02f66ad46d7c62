"""Correct variants for notebook 08 (AlexNet on a GPU)."""

from tests.alternatives import Alternative

NOTEBOOK = "08_alexnet_gpu"

ALTERNATIVES = [
    Alternative(cell="AlexNet", name="alexnet-classifier-created-first", source='''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        self.classifier = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
            nn.Dropout(dropout), nn.Linear(4096, 4096), nn.ReLU(inplace=True),
            nn.Linear(4096, num_classes))
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, 96, 11, stride=4), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(96, 256, 5, padding=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2),
            nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 384, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv2d(384, 256, 3, padding=1), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))
'''),
    Alternative(cell="AlexNet", name="alexnet-one-sequential-with-flatten", source='''
class AlexNet(nn.Module):
    def __init__(self, num_classes=1000, in_channels=3, dropout=0.5):
        super().__init__()
        layers = []
        c_in = in_channels
        for c_out, k, s, p, pool in [(96, 11, 4, 0, True), (256, 5, 1, 2, True), (384, 3, 1, 1, False),
                                     (384, 3, 1, 1, False), (256, 3, 1, 1, True)]:
            layers += [nn.Conv2d(c_in, c_out, k, stride=s, padding=p), nn.ReLU()]
            if pool:
                layers.append(nn.MaxPool2d(kernel_size=3, stride=2))
            c_in = c_out
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(
            nn.Dropout(p=dropout), nn.Linear(9216, 4096), nn.ReLU(),
            nn.Dropout(p=dropout), nn.Linear(4096, 4096), nn.ReLU(),
            nn.Linear(4096, num_classes))

    def forward(self, x):
        x = self.features(x)
        return self.classifier(x.view(x.shape[0], -1))
'''),
]
