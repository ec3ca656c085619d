import { defineScenario } from '../src/scenario/types.js';

export default defineScenario({
  id: 's3-jobs-clients-poll',
  title: 'Images, server batches and disks are jobs a client polls',
  narrative:
    'Making an image, exporting it, creating a batch of ECSs and creating a disk each answer at once with a job, which a client ' +
    'polls: RUNNING, then SUCCESS or FAIL. The job names what it made; an ECS batch has one sub-job per server, and fails when ' +
    'one of them does.',
  rules: ['S3', 'I6', 'C9', 'C8'],
  setup: {
    profile: 'realistic',
    servers: [{ as: 'web' }],
  },
  steps: [
    { do: 'backupServer', server: 'web', as: 'b1' },
    { advance: { until: { b1: { status: 'available' } } } },
    { say: 'An image from the backup: its IMS job is RUNNING while the image is Creating.' },
    { do: 'createImageFromBackup', backup: 'b1', name: 'golden', as: 'img' },
    { expectJob: { entity: 'img', jobType: 'imsCreateWholeImageByBackupJob', status: 'RUNNING' } },
    { advance: { until: { img: { status: 'active' } } } },
    { expectJob: { job: 'img.job', entity: 'img', status: 'SUCCESS', errorCode: null } },
    { say: 'Three ECSs from the image, one of which fails (cbr-sim makes it): one ECS job, three sub-jobs.' },
    { do: 'failNext', operation: 'provision' },
    { do: 'provisionServers', image: 'img', count: 3, namePrefix: 'app', as: 'fleet' },
    { expectJob: { entity: 'fleet.0', jobType: 'createServer', status: 'RUNNING', subJobs: 3 } },
    { advance: { until: { 'fleet.0.job': { status: 'FAIL' } } } },
    { expectJob: { job: 'fleet.0.job', status: 'FAIL', errorCode: 'Sim.ProvisionFailed', subJobs: { SUCCESS: 2, FAIL: 1 } } },
    { say: 'A system-disk image of web can be exported: the export is a job of its own, done after its time.' },
    { do: 'createImageFromServer', server: 'web', name: 'web-sys', kind: 'system-disk', as: 'sys' },
    { advance: { until: { sys: { status: 'active' } } } },
    { do: 'exportImage', image: 'sys' },
    { expectJob: { entity: 'sys', jobType: 'imsNativeExportImageJob', status: 'RUNNING' } },
    { advance: '5m' },
    { expectJob: { entity: 'sys', jobType: 'imsNativeExportImageJob', status: 'SUCCESS' } },
    { say: 'A disk from a data-disk image is an EVS job.' },
    { do: 'importImage', name: 'data', kind: 'data-disk', sizeGB: 20, as: 'dataImage' },
    { advance: { until: { dataImage: { status: 'active' } } } },
    { do: 'createDiskFromImage', image: 'dataImage', name: 'data-1', as: 'disk' },
    { expect: { 'disk.job': { status: 'RUNNING', jobType: 'createVolume' } } },
    { advance: { until: { disk: { status: 'available' } } } },
    { expectJob: { entity: 'disk', jobType: 'createVolume', status: 'SUCCESS' } },
    { expectCount: { kind: 'job', status: 'FAIL', equals: 1 } },
  ],
});
