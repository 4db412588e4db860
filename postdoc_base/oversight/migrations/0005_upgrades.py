"""Art. 24 second sentence: workstation approvals (设立博士后科研工作站), cancellation and the 补齐设站相关待遇 checklists."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('oversight', '0004_revocations'),
        ('tenure', '0011_list_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkstationApproval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('approved_on', models.DateField(verbose_name='获批日期')),
                ('document_number', models.CharField(max_length=60, verbose_name='批准文号')),
                ('approver', models.CharField(max_length=100, verbose_name='批准机关')),
                ('document', models.FileField(blank=True, upload_to='oversight/workstations/%Y/', verbose_name='批准文件')),
                ('document_name', models.CharField(blank=True, max_length=200, verbose_name='原文件名')),
                ('document_type', models.CharField(blank=True, max_length=100, verbose_name='文件类型')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('base', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='workstation_approval', to='oversight.practicebase', verbose_name='基地')),
            ],
            options={
                'verbose_name': '获批设立工作站记录',
                'verbose_name_plural': '获批设立工作站记录',
            },
        ),
        migrations.CreateModel(
            name='TreatmentChecklist',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('open', '待补齐'), ('submitted', '已报自治区确认'), ('confirmed', '已确认补齐')], default='open', max_length=20, verbose_name='状态')),
                ('confirmed_on', models.DateField(blank=True, null=True, verbose_name='确认日期')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('appointment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='treatment_checklists', to='tenure.appointment', verbose_name='进基地')),
                ('approval', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='checklists', to='oversight.workstationapproval', verbose_name='获批设立工作站记录')),
            ],
            options={
                'verbose_name': '补齐设站相关待遇清单',
                'verbose_name_plural': '补齐设站相关待遇清单',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='TreatmentItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=30, verbose_name='事项')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('done_on', models.DateField(blank=True, null=True, verbose_name='完成日期')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='落实情况')),
                ('checklist', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='oversight.treatmentchecklist')),
            ],
            options={
                'verbose_name': '待遇补齐事项',
                'verbose_name_plural': '待遇补齐事项',
                'ordering': ['checklist', 'position'],
                'constraints': [models.UniqueConstraint(fields=('checklist', 'key'), name='uniq_treatment_item')],
            },
        ),
        migrations.AddIndex(
            model_name='treatmentchecklist',
            index=models.Index(fields=['-created_at', '-id'], name='oversight_t_created_ae8dbd_idx'),
        ),
        migrations.AddIndex(
            model_name='treatmentchecklist',
            index=models.Index(fields=['state', '-created_at', '-id'], name='oversight_t_state_d976b7_idx'),
        ),
        migrations.AddConstraint(
            model_name='treatmentchecklist',
            constraint=models.UniqueConstraint(fields=('approval', 'appointment'), name='uniq_treatment_checklist'),
        ),
    ]
