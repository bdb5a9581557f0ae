/**
 * Uploads: the form, the post (token checked, name checked, size-limited, same bytes recognised, type
 * told by content, validated), the receipt, and confirm / discard.
 */
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { batchNumberOf, otherBanksBatch, sha256File, validateFile, type RejectedRow } from '../../ingest/index.ts';
import { t } from '../../lang.ts';
import { msg } from '../../messages/index.ts';
import { listFor, profileFor } from '../../pipeline/index.ts';
import { canUpload, mayUnmask } from '../access.ts';
import { audit } from '../audit.ts';
import { ctxOf, forbid, guard, idParam, queryText, sendPage, type Deps } from '../http.ts';
import { shownTime } from '../pages/layout.ts';
import { csrfRefusedPage } from '../pages/problem.ts';
import { receiptPage, uploadPage, uploadsPage, type UploadFormValues } from '../pages/upload.ts';
import { factsOf, MalformedUpload, receive, type Received } from '../upload-form.ts';
import {
  canSeeUpload, confirmUpload, discardUpload, findDuplicate, getUpload, listUploads, looksBinary, MAX_STORED_REJECTIONS, otherBankHolding,
  recordUpload, type StoredReceipt,
} from '../uploads.ts';

export function uploadRoutes(app: FastifyInstance, deps: Deps): void {
  const l = deps.lang;
  const maxBytes = deps.config.portal.maxUploadBytes;
  const refuse = async (req: FastifyRequest, reply: FastifyReply, status: number, zh: string, en: string, values: UploadFormValues, detail: Record<string, unknown>) => {
    await audit(deps.db, { user: req.session!.user, action: 'upload', outcome: 'refused', ip: req.ip, detail });
    return sendPage(reply, status, uploadPage(ctxOf(req, deps), { error: t(l, zh, en), values, maxBytes }));
  };

  app.get('/upload', async (req, reply) => {
    if (!(await guard(req, reply, deps, canUpload))) return reply;
    return sendPage(reply, 200, uploadPage(ctxOf(req, deps), { maxBytes }));
  });

  app.post('/upload', async (req, reply) => {
    const user = await guard(req, reply, deps, canUpload);
    if (!user) return reply;
    if (!req.isMultipart()) {
      await audit(deps.db, { user, action: 'csrf-refused', target: 'POST /upload', outcome: 'refused', ip: req.ip });
      return sendPage(reply, 403, csrfRefusedPage(ctxOf(req, deps)));
    }
    let got: Received;
    try {
      got = await receive(req, deps);
    } catch (e) {
      if (!(e instanceof MalformedUpload)) throw e;
      return refuse(
        req, reply, 400,
        '上传的内容不完整或格式不对（可能是网络中断），未保存任何文件。请刷新本页后重新选择文件上传。',
        'The upload arrived incomplete or malformed (a dropped connection?); nothing was kept. Reload this page and upload the file again.',
        {}, { code: 'malformed', detail: e.detail },
      );
    }
    const values: UploadFormValues = { period: got.fields.period, district: got.fields.district, program: got.fields.program };
    if (!got.csrfOk) {
      if (got.staged) await rm(got.staged.path, { force: true });
      await audit(deps.db, { user, action: 'csrf-refused', target: 'POST /upload', outcome: 'refused', ip: req.ip });
      return sendPage(reply, 403, csrfRefusedPage(ctxOf(req, deps)));
    }
    const shownName = (got.originalName ?? '').slice(0, 200);
    if (got.nameRefusal) {
      const n = got.nameRefusal;
      return refuse(req, reply, 400, `文件名「${shownName}」不被接受：${n.zh}`, `The file name "${shownName}" is not accepted: ${n.en}`, values, { code: n.code });
    }
    const mb = Math.round(maxBytes / 1024 / 1024);
    if (got.tooLarge) {
      return refuse(req, reply, 413, `文件「${shownName}」超过大小上限（${mb} MB），已拒收。请按批次或区县拆分成较小的文件后分别上传。`, `The file "${shownName}" is larger than the limit (${mb} MB); refused. Split it by batch or district and upload the parts.`, values, { code: 'too-large' });
    }
    if (!got.staged) return refuse(req, reply, 400, '请选择要上传的文件。', 'Choose a file to upload.', values, { code: 'no-file' });
    const staged = got.staged;
    const { facts, error } = factsOf(got.fields, user);
    if (error) {
      await rm(staged.path, { force: true });
      return refuse(req, reply, 400, error.zh, error.en, values, { code: 'bad-facts' });
    }
    const sha256 = await sha256File(staged.path);
    const dup = await findDuplicate(deps.db, sha256, user.role === 'bank' ? user.bank : null);
    if (dup) {
      await rm(staged.path, { force: true });
      return refuse(
        req, reply, 409,
        dup.via === 'upload' ? `该文件已上传过（时间 ${shownTime(dup.at)}），无需重复上传。` : `该文件已于 ${shownTime(dup.at)} 入库，无需重复上传。`,
        dup.via === 'upload' ? `This file was uploaded before (${shownTime(dup.at)}); no need to upload it again.` : `This file was already ingested on ${shownTime(dup.at)}; no need to upload it again.`,
        values, { code: 'duplicate', sha256 },
      );
    }
    if (await looksBinary(staged.path)) {
      await rm(staged.path, { force: true });
      return refuse(req, reply, 400, `文件「${shownName}」的内容不是文本表格或 Excel 工作簿（可能是图片、压缩包或程序文件），已拒收。`, `The content of "${shownName}" is neither a text table nor an Excel workbook (an image, archive or program?); refused.`, values, { code: 'binary' });
    }
    const rejections: RejectedRow[] = [];
    let rejectionsCapped = false;
    const profileName = profileFor(staged.safe, deps.config.inboxProfiles);
    const receipt = await validateFile(
      {
        path: staged.path, fileName: staged.safe, ...facts, profile: profileName ? deps.config.bankProfiles[profileName] : undefined,
        // A cross-check list is known by its name (config referenceLists.*.files), as it will be in the inbox.
        list: listFor(staged.safe, deps.config.referenceLists ?? []),
        ...(user.bank ? { bank: user.bank } : {}),
      },
      {
        // In a worker thread under a time budget, stopped when the server shuts down: a crafted file
        // (or a slow one) is refused with a reason instead of holding a core and the shutdown.
        worker: true,
        timeLimitMs: deps.config.portal.parseSeconds * 1000,
        signal: deps.signal,
        onRejected(rows) {
          for (const row of rows) {
            if (rejections.length < MAX_STORED_REJECTIONS) rejections.push(row);
            else rejectionsCapped = true;
          }
        },
      },
    );
    receipt.fileName = staged.originalName;
    // A batch number is its bank's: another bank's file reusing it would replace (or bury) that batch.
    const conflict = receipt.kind === 'bank' && !receipt.refusal ? await otherBankHolding(deps.db, receipt.batchKey, user.bank) : null;
    if (conflict) {
      const e = otherBanksBatch(receipt.batchKey!, user.bank);
      receipt.status = 'refused';
      receipt.refusal = { code: e.code, zh: e.messageZh, en: e.messageEn };
    }
    const stored: StoredReceipt = { ...receipt, rejections, rejectionsCapped };
    const id = await recordUpload(deps.db, { user, originalName: staged.originalName, stagedName: staged.name, sha256, sizeBytes: staged.size, facts, receipt: stored });
    if (receipt.refusal) await rm(staged.path, { force: true });
    await audit(deps.db, {
      user, action: 'upload', target: `upload:${id}`, outcome: receipt.refusal ? 'refused' : 'ok', ip: req.ip,
      detail: { sha256, rowsRead: receipt.rowsRead, rowsRejected: receipt.rowsRejected, refusal: receipt.refusal?.code ?? null },
    });
    if (conflict) {
      // For the operators: who tried to use whose batch number.
      await audit(deps.db, {
        user, action: 'batch-conflict', target: `upload:${id}`, outcome: 'refused', ip: req.ip,
        detail: { code: 'batch-of-other-bank', batch: batchNumberOf(receipt.batchKey), bank: user.bank, owner: conflict.owner },
      });
    }
    return reply.redirect(`/uploads/${id}`, 303);
  });

  app.get('/uploads', async (req, reply) => {
    const user = await guard(req, reply, deps, canUpload);
    if (!user) return reply;
    return sendPage(reply, 200, uploadsPage(ctxOf(req, deps), await listUploads(deps.db, user)));
  });

  /** An upload the account may see; anything else (another bank's, or none at all) is the same 403. */
  const visible = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = await guard(req, reply, deps, canUpload);
    if (!user) return null;
    const id = idParam((req.params as Record<string, unknown>).id);
    const upload = id === null ? null : await getUpload(deps.db, id);
    if (!upload || !canSeeUpload(user, upload)) {
      await forbid(req, reply, deps);
      return null;
    }
    return { user, upload };
  };

  app.get('/uploads/:id', async (req, reply) => {
    const got = await visible(req, reply);
    if (!got) return reply;
    const notice = queryText(req.query, 'confirmed') ? msg(l, 'routes.upload.placedInTheInbox', { storedName: got.upload.storedName }) : null;
    return sendPage(reply, 200, receiptPage(ctxOf(req, deps), got.upload, { whole: mayUnmask(got.user, deps.config), notice }));
  });

  app.post('/uploads/:id/confirm', async (req, reply) => {
    const got = await visible(req, reply);
    if (!got) return reply;
    const { user, upload } = got;
    if (upload.status !== 'staged') {
      return sendPage(reply, 409, receiptPage(ctxOf(req, deps), upload, { whole: mayUnmask(user, deps.config), notice: msg(l, 'routes.upload.thisUploadWasHandled') }));
    }
    const safe = upload.storedName.replace(/^[0-9a-f]{16}-/, '');
    const name = await confirmUpload(deps.db, deps.config, upload, safe);
    await audit(deps.db, { user, action: 'upload-confirm', target: `upload:${upload.id}`, ip: req.ip, detail: { inboxName: name, sha256: upload.sha256 } });
    return reply.redirect(`/uploads/${upload.id}?confirmed=1`, 303);
  });

  app.post('/uploads/:id/discard', async (req, reply) => {
    const got = await visible(req, reply);
    if (!got) return reply;
    if (got.upload.status === 'staged') {
      await discardUpload(deps.db, deps.config, got.upload);
      await audit(deps.db, { user: got.user, action: 'upload-discard', target: `upload:${got.upload.id}`, ip: req.ip });
    }
    return reply.redirect('/uploads', 303);
  });
}
