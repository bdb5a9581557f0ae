import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/index.ts';
import { EXIT, UserError } from '../../errors.ts';
import { msg } from '../../messages/index.ts';
import { stopOnSignals } from '../../pipeline/index.ts';
import { buildPortal, ensureSecret } from '../../portal/index.ts';
import { str, type Command } from '../args.ts';

export const serveCommand: Command = {
  name: 'serve',
  summaryZh: '启动网页门户：银行联络员上传文件，监督人员查看报告和审核疑点，操作员管理运行',
  summaryEn: 'serve the web portal: bank liaisons upload, supervisors read reports and review findings, operators run',
  usage: 'relief-recon serve [--port 8640] [--host 127.0.0.1]',
  helpZh: `默认只在本机地址 127.0.0.1 上监听（配置项 portal.host / portal.port），对外请放在 HTTPS 反向代理（如 nginx）之后，
并把 portal.trustProxy 设为代理地址，这样登录 Cookie 会带 Secure 标记、审计记录会记下真实来访地址。
账号用 user 命令开设。Ctrl-C 或 SIGTERM 停止服务（进行中的运行在安全点停止）。
  --port N              覆盖配置项 portal.port（0 = 任选空闲端口）
  --host ADDR           覆盖配置项 portal.host`,
  helpEn: `Listens on 127.0.0.1 by default (config portal.host / portal.port). Put it behind an HTTPS reverse proxy (nginx) and set
portal.trustProxy to the proxy's address, so the sign-in cookie is marked Secure and the audit log records the real client.
Accounts are opened with the user command. Ctrl-C or SIGTERM stops the server (a run in progress stops at a safe point).
  --port N              overrides portal.port (0 = any free port)
  --host ADDR           overrides portal.host`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run(args, io) {
    const config = loadConfig(str(args, 'config'));
    const portText = str(args, 'port');
    const port = portText === undefined ? config.portal.port : Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError('usage', '--port 应为 0–65535 的整数', '--port must be a whole number 0–65535', EXIT.badInput);
    const host = str(args, 'host') ?? config.portal.host;
    const db = await openDatabase(config.database);
    const stop = stopOnSignals({ onStop: () => io.err(msg(args.lang, 'cli.serve.stoppingTheServer')) });
    const { app, runner } = await buildPortal({ config, db, secret: ensureSecret(config.portal.secretFile), lang: args.values.lang ? args.lang : config.lang, signal: stop.signal });
    try {
      const address = await app.listen({ port, host });
      io.out(msg(args.lang, 'cli.serve.portalListeningOnCtrl', { address }));
      if (!['127.0.0.1', '::1', 'localhost'].includes(host) && config.portal.trustProxy === false) {
        io.err(msg(args.lang, 'cli.serve.noteThePortalServes'));
      }
      await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      await app.close();
      await runner.settled();
      return EXIT.ok;
    } finally {
      stop.dispose();
      await db.close();
    }
  },
};
