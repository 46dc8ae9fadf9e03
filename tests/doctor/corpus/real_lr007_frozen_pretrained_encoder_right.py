# Right: a Lightning head on a pretrained encoder loaded with from_pretrained (a fine-tune; the encoder frozen),
# AdamW and a per-step cosine without warmup: LR007 is about Transformers trained from scratch.
import lightning as L
import torch
from transformers import AutoModel


class ProteinHead(L.LightningModule):
    def __init__(self, lr=1e-3):
        super().__init__()
        self.encoder = AutoModel.from_pretrained("Rostlab/prot_bert")
        for p in self.encoder.parameters():
            p.requires_grad = False
        self.head = torch.nn.Linear(1024, 1)
        self.lr = lr

    def training_step(self, batch, batch_idx):
        out = self.encoder(**batch["inputs"]).last_hidden_state[:, 0]
        return torch.nn.functional.mse_loss(self.head(out).squeeze(-1), batch["y"])

    def configure_optimizers(self):
        opt = torch.optim.AdamW(self.parameters(), lr=self.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=self.trainer.estimated_stepping_batches)
        return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": "step"}}
